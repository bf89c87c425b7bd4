/**
 * One delivery path for everything Hearth sends. Messages are queued in the database first
 * (idempotently, by key) and a dispatcher sends what is due, so a crash or restart loses nothing
 * and a job that runs twice sends once. Platform limits are the adapters' business: an adapter
 * paces itself and throws a DeliveryError saying when to try again (Slack's and Teams' 429
 * `Retry-After`) or that retrying is pointless.
 */
import type { Clock } from './clock.ts';
import type { Platform } from './domain.ts';
import type { Message } from './message.ts';
import type { Destination, Logger, PlatformAdapter } from './ports.ts';

export interface OutboundItem {
  /** Unique per message: the same key queued twice is sent once. */
  key: string;
  platform: Platform;
  workspace: string;
  destination: Destination;
  message: Message;
  /** Not to be sent before then (a prompt waiting for the end of someone's shift). */
  notBefore?: Date;
}

export interface ClaimedDelivery extends OutboundItem {
  id: string;
  attempts: number;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryQueue {
  /** Queues what is not queued yet; returns how many were new. */
  enqueue(items: OutboundItem[], now: Date): Promise<number>;
  /** Claims up to `limit` due deliveries (pending, or sending with an expired lease) for `leaseMs`. */
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** `erase`: drop the message's content from the queue now that it has gone (a sensitive message). */
  markSent(id: string, now: Date, erase?: boolean): Promise<void>;
  /** Back to pending until `notBefore`; a refunded attempt does not count towards giving up. */
  retryLater(id: string, notBefore: Date, error: string, refundAttempt: boolean): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  counts(): Promise<Record<DeliveryStatus, number>>;
}

/** Thrown by an adapter's `send` to say how the failure should be handled. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface DispatcherConfig {
  queue: DeliveryQueue;
  adapters: PlatformAdapter[];
  clock: Clock;
  logger: Logger;
  batchSize?: number;
  leaseMs?: number;
  /** Attempts (not counting rate-limit waits) before a delivery is marked failed. */
  maxAttempts?: number;
  /** How often the background loop looks for due work when nobody kicks it. */
  pollMs?: number;
  random?: () => number;
  /** Told about every delivery that failed for good, so someone can act on it. */
  onFailed?: (item: ClaimedDelivery, reason: string) => Promise<void>;
}

export interface Dispatcher {
  /** Sends everything due now, batch after batch; resolves with how many were sent. */
  drain(): Promise<number>;
  /** Asks the background loop to look now (after an enqueue). */
  kick(): void;
  start(): void;
  /** Stops the loop and waits for the batch in flight. */
  stop(): Promise<void>;
}

/** Exponential backoff with ±20% jitter: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2 ** attempts * 1000, 600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createDispatcher(config: DispatcherConfig): Dispatcher {
  const { queue, adapters, clock, logger } = config;
  const batchSize = config.batchSize ?? 50;
  const leaseMs = config.leaseMs ?? 120_000;
  const maxAttempts = config.maxAttempts ?? 8;
  const pollMs = config.pollMs ?? 1000;
  const random = config.random ?? Math.random;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<number> | undefined;
  let again = false;

  async function deliver(item: ClaimedDelivery): Promise<boolean> {
    const adapter = adapters.find((a) => a.platform === item.platform && a.workspace === item.workspace);
    const now = clock.now();
    if (!adapter) {
      // The platform is not connected in this process (configuration changed): keep it, quietly.
      await queue.retryLater(item.id, new Date(now.getTime() + 300_000), `no ${item.platform} adapter for ${item.workspace}`, true);
      return false;
    }
    try {
      await adapter.send(item.destination, item.message, { key: item.key, attempt: item.attempts });
      await queue.markSent(item.id, clock.now(), item.message.sensitive === true);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const options = error instanceof DeliveryError ? error.options : {};
      if (options.permanent || (options.retryAfterMs === undefined && item.attempts >= maxAttempts)) {
        await queue.markFailed(item.id, message);
        logger.error({ deliveryKey: item.key, platform: item.platform, attempts: item.attempts, error: message }, 'delivery failed for good');
        await config.onFailed?.(item, message).catch((error: unknown) => logger.error({ err: error }, 'reporting a failed delivery failed'));
      } else if (options.retryAfterMs !== undefined) {
        await queue.retryLater(item.id, new Date(now.getTime() + options.retryAfterMs), message, true);
      } else {
        await queue.retryLater(item.id, new Date(now.getTime() + backoffMs(item.attempts, random)), message, false);
        logger.warn({ deliveryKey: item.key, platform: item.platform, attempts: item.attempts, error: message }, 'delivery will be retried');
      }
      return false;
    }
  }

  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await queue.claim(clock.now(), batchSize, leaseMs);
      if (batch.length === 0) return sent;
      const results = await Promise.all(batch.map(deliver));
      sent += results.filter(Boolean).length;
    }
  }

  function drain(): Promise<number> {
    // One drain at a time per process; a kick during one makes it go round again.
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
      } while (again);
      return total;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function loop(): void {
    if (!running) return;
    drain()
      .catch((error: unknown) => logger.error({ err: error }, 'delivery loop failed; will retry'))
      .finally(() => {
        if (running) timer = setTimeout(loop, pollMs);
      });
  }

  return {
    drain,
    kick() {
      if (running) void drain().catch((error: unknown) => logger.error({ err: error }, 'delivery failed; will retry'));
    },
    start() {
      if (running) return;
      running = true;
      loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight?.catch(() => undefined);
    },
  };
}

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
import { noMetrics, type Metrics } from './metrics.ts';
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

/** One platform workspace: each is sent to at its own pace, so a slow one holds up no other. */
export interface Lane {
  platform: Platform;
  workspace: string;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'withdrawn';

export interface DeliveryQueue {
  /** Queues what is not queued yet; returns how many were new. */
  enqueue(items: OutboundItem[], now: Date): Promise<number>;
  /**
   * Claims up to `limit` due deliveries (pending, or sending with an expired lease) for `leaseMs`,
   * oldest first; only those for one platform workspace when `lane` is given.
   */
  claim(now: Date, limit: number, leaseMs: number, lane?: Lane): Promise<ClaimedDelivery[]>;
  /** `erase`: drop the message's content from the queue now that it has gone (a sensitive message). */
  markSent(id: string, now: Date, erase?: boolean): Promise<void>;
  /** Back to pending until `notBefore`; a refunded attempt does not count towards giving up. */
  retryLater(id: string, notBefore: Date, error: string, refundAttempt: boolean): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  /** Marks pending deliveries whose key starts with `prefix` withdrawn, with `reason`; returns how many. */
  withdraw(prefix: string, reason: string): Promise<number>;
  counts(): Promise<Record<DeliveryStatus, number>>;
  /** When the oldest message that is due and not yet sent was queued; null when none waits. */
  oldestWaiting(now: Date): Promise<Date | null>;
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
  metrics?: Metrics;
  /** Told about every delivery that failed for good, so someone can act on it. */
  onFailed?: (item: ClaimedDelivery, reason: string) => Promise<void>;
}

export interface Dispatcher {
  /** Sends everything due now, batch after batch; resolves with how many were sent. */
  drain(): Promise<number>;
  /** Asks the background loop to look now (after an enqueue). */
  kick(): void;
  start(): void;
  /** Stops the loop and waits for the deliveries in flight to finish and be recorded; claims nothing more. */
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
  const metrics = config.metrics ?? noMetrics;
  let running = false;
  let stopping = false;

  async function deliver(adapter: PlatformAdapter, item: ClaimedDelivery): Promise<boolean> {
    const now = clock.now();
    try {
      await adapter.send(item.destination, item.message, { key: item.key, attempt: item.attempts });
      await queue.markSent(item.id, clock.now(), item.message.sensitive === true);
      metrics.delivery(item.platform, 'sent');
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const options = error instanceof DeliveryError ? error.options : {};
      if (options.permanent || (options.retryAfterMs === undefined && item.attempts >= maxAttempts)) {
        metrics.delivery(item.platform, 'failed');
        await queue.markFailed(item.id, message);
        logger.error({ deliveryKey: item.key, platform: item.platform, attempts: item.attempts, error: message }, 'delivery failed for good');
        await config.onFailed?.(item, message).catch((error: unknown) => logger.error({ err: error }, 'reporting a failed delivery failed'));
      } else if (options.retryAfterMs !== undefined) {
        metrics.delivery(item.platform, 'rate_limited');
        await queue.retryLater(item.id, new Date(now.getTime() + options.retryAfterMs), message, true);
      } else {
        metrics.delivery(item.platform, 'retry');
        await queue.retryLater(item.id, new Date(now.getTime() + backoffMs(item.attempts, random)), message, false);
        logger.warn({ deliveryKey: item.key, platform: item.platform, attempts: item.attempts, error: message }, 'delivery will be retried');
      }
      return false;
    }
  }

  /**
   * Sends what is due to one adapter's workspace, keeping up to `batchSize` deliveries in flight:
   * whenever half have gone, more are claimed, so the adapter always has the next ones lined up
   * and the platform's pace, not a round trip to the database, sets the speed. Deliveries for a
   * platform not connected in this process (its configuration changed) are claimed by no lane:
   * they wait, quietly, for it. Once stopping, nothing more is claimed and what is in flight
   * finishes and is recorded.
   */
  async function drainLane(adapter: PlatformAdapter): Promise<number> {
    const lane = { platform: adapter.platform, workspace: adapter.workspace };
    let sent = 0;
    let more = true;
    // A claim that failed (the database went away) ends the drain, but only once the deliveries
    // in flight have finished: a drain that left them behind would let the next one run beside
    // them, and a send still waiting its turn past its lease would be claimed and sent twice.
    let failure: { error: unknown } | undefined;
    const flying = new Set<Promise<void>>();
    // A send waiting its turn here longer than its lease is claimed again by the next claim: this
    // lane already has it, and sending it again would post it twice.
    const busy = new Set<string>();
    for (;;) {
      if (more && !stopping && !failure && flying.size <= batchSize / 2) {
        const batch = await queue.claim(clock.now(), batchSize - flying.size, leaseMs, lane).catch((error: unknown) => {
          failure = { error };
          return [];
        });
        more = batch.length > 0;
        for (const item of batch) {
          if (busy.has(item.key)) continue;
          busy.add(item.key);
          const delivery: Promise<void> = deliver(adapter, item)
            .then(
              (ok) => {
                if (ok) sent += 1;
              },
              // Recording the outcome failed (the database went away): the lease runs out and the
              // delivery is tried again, checked first for a copy already sent.
              (error: unknown) => logger.error({ err: error, deliveryKey: item.key }, 'recording a delivery failed'),
            )
            .finally(() => {
              flying.delete(delivery);
              busy.delete(item.key);
            });
          flying.add(delivery);
        }
      }
      if (flying.size === 0) {
        if (failure) throw failure.error;
        return sent;
      }
      await Promise.race(flying);
    }
  }

  // One drain at a time per lane; a kick during one makes it go round again. Lanes run on their
  // own, so a slow platform with a backlog never keeps a fast one waiting for its turn.
  const lanes = adapters.map((adapter) => ({
    adapter, inFlight: undefined as Promise<number> | undefined, again: false, timer: undefined as NodeJS.Timeout | undefined,
  }));

  function drainOne(lane: (typeof lanes)[number]): Promise<number> {
    if (lane.inFlight) {
      lane.again = true;
      return lane.inFlight;
    }
    lane.inFlight = (async () => {
      let total = 0;
      do {
        lane.again = false;
        total += await drainLane(lane.adapter);
      } while (lane.again);
      return total;
    })().finally(() => {
      lane.inFlight = undefined;
    });
    return lane.inFlight;
  }

  async function drain(): Promise<number> {
    return (await Promise.all(lanes.map(drainOne))).reduce((a, b) => a + b, 0);
  }

  /** Each lane looks for due work (a retry whose wait is over) every `pollMs` when nobody kicks it. */
  function loop(lane: (typeof lanes)[number]): void {
    if (!running) return;
    drainOne(lane)
      .catch((error: unknown) => logger.error({ err: error, platform: lane.adapter.platform }, 'delivery loop failed; will retry'))
      .finally(() => {
        if (running) lane.timer = setTimeout(() => loop(lane), pollMs);
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
      stopping = false;
      for (const lane of lanes) loop(lane);
    },
    async stop() {
      running = false;
      stopping = true;
      for (const lane of lanes) clearTimeout(lane.timer);
      await Promise.all(lanes.map((lane) => lane.inFlight?.catch(() => undefined)));
    },
  };
}

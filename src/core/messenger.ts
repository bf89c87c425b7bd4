/**
 * Addresses the core's messages to people and channels on every connected platform and queues
 * them for delivery. A member is reached where they have an identity; where they have none yet,
 * platforms with a directory are asked by email, and the answer is remembered.
 */
import type { Clock } from './clock.ts';
import type { DeliveryQueue, OutboundItem } from './delivery.ts';
import type { Member } from './domain.ts';
import type { Message } from './message.ts';
import type { Calendar, Logger, PlatformAdapter, Store } from './ports.ts';
import { nextPromptTime, parseWindow, type Window } from './prompt-window.ts';

export interface Messenger {
  /**
   * Queues a DM to the member on every platform they can be reached on; returns how many (0: not
   * reachable anywhere yet). `key` names this message: queueing the same key again sends nothing.
   */
  toMember(member: Member, message: Message, key: string): Promise<number>;
  /**
   * A DM that asks something of the person (an invitation, a question): queued now, delivered at
   * the first moment their shift allows (see prompt-window.ts). Returns when that is.
   */
  prompt(member: Member, message: Message, key: string): Promise<{ platforms: number; at: Date }>;
  toChannel(channel: string, message: Message, key: string): Promise<void>;
  /**
   * Takes back messages still waiting under keys that start with `prefix` (invitations to what was
   * called off, questions about a round that closed); returns how many. One already on its way
   * is not stopped.
   */
  withdraw(prefix: string, reason: string): Promise<number>;
}

export interface MessengerConfig {
  adapters: PlatformAdapter[];
  store: Store;
  calendar: Calendar;
  queue: DeliveryQueue;
  clock: Clock;
  logger: Logger;
  /** Workspace row id per adapter, from the composition root. */
  workspaceIds: Map<PlatformAdapter, string>;
  /** Called after something was queued, to have it sent soon. */
  onQueued(): void;
}

export function createMessenger(config: MessengerConfig): Messenger {
  const { adapters, store, calendar, queue, clock, logger, workspaceIds } = config;

  async function userIdOn(adapter: PlatformAdapter, member: Member): Promise<string | null> {
    const known = (await store.identitiesOf(member.id)).find(
      (i) => i.platform === adapter.platform && i.workspace === adapter.workspace,
    );
    if (known) return known.userId;
    const found = (await adapter.lookupUserByEmail?.(member.email)) ?? null;
    const workspaceId = workspaceIds.get(adapter);
    if (found && workspaceId) await store.linkIdentity(member.id, workspaceId, found);
    return found;
  }

  async function queueAll(items: OutboundItem[]): Promise<void> {
    if (items.length === 0) return;
    await queue.enqueue(items, clock.now());
    config.onQueued();
  }

  async function toMember(member: Member, message: Message, key: string, notBefore?: Date): Promise<number> {
    const items: OutboundItem[] = [];
    for (const adapter of adapters) {
      const userId = await userIdOn(adapter, member);
      if (!userId) continue;
      items.push({
        key: `${key}:${adapter.platform}:${adapter.workspace}`,
        platform: adapter.platform,
        workspace: adapter.workspace,
        destination: { kind: 'dm', userId, workspace: adapter.workspace },
        message,
        ...(notBefore ? { notBefore } : {}),
      });
    }
    if (items.length === 0) logger.warn({ memberId: member.id }, 'member not reachable on any platform');
    await queueAll(items);
    return items.length;
  }

  async function promptTime(member: Member): Promise<Date> {
    const [shifts, hours] = await Promise.all([
      calendar.shiftsOf(member.id),
      member.teamId ? calendar.teamHours(member.teamId) : Promise.resolve({ quietHours: null, breakWindows: null }),
    ]);
    const breaks = (hours.breakWindows ?? '').split(';').map(parseWindow).filter((w): w is Window => w !== null);
    return nextPromptTime({ shifts, zone: member.timezone, quiet: hours.quietHours ? parseWindow(hours.quietHours) : null, breaks }, clock.now());
  }

  return {
    toMember: (member, message, key) => toMember(member, message, key),
    async prompt(member, message, key) {
      const at = await promptTime(member);
      const platforms = await toMember(member, message, key, at > clock.now() ? at : undefined);
      return { platforms, at };
    },
    withdraw: (prefix, reason) => queue.withdraw(prefix, reason),
    async toChannel(channel, message, key) {
      await queueAll(
        adapters.map((adapter) => ({
          key: `${key}:${adapter.platform}:${adapter.workspace}`,
          platform: adapter.platform,
          workspace: adapter.workspace,
          destination: { kind: 'channel' as const, channel, workspace: adapter.workspace },
          message,
        })),
      );
    },
  };
}

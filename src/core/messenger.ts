/**
 * Addresses the core's messages to people and channels on every connected platform and queues
 * them for delivery. A member is reached where they have an identity; where they have none yet,
 * platforms with a directory are asked by email, and the answer is remembered.
 */
import type { Clock } from './clock.ts';
import type { DeliveryQueue, OutboundItem } from './delivery.ts';
import type { Member } from './domain.ts';
import type { Message } from './message.ts';
import type { Logger, PlatformAdapter, Store } from './ports.ts';

export interface Messenger {
  /**
   * Queues a DM to the member on every platform they can be reached on; returns how many (0: not
   * reachable anywhere yet). `key` names this message: queueing the same key again sends nothing.
   */
  toMember(member: Member, message: Message, key: string): Promise<number>;
  toChannel(channel: string, message: Message, key: string): Promise<void>;
}

export interface MessengerConfig {
  adapters: PlatformAdapter[];
  store: Store;
  queue: DeliveryQueue;
  clock: Clock;
  logger: Logger;
  /** Workspace row id per adapter, from the composition root. */
  workspaceIds: Map<PlatformAdapter, string>;
  /** Called after something was queued, to have it sent soon. */
  onQueued(): void;
}

export function createMessenger(config: MessengerConfig): Messenger {
  const { adapters, store, queue, clock, logger, workspaceIds } = config;

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

  return {
    async toMember(member, message, key) {
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
        });
      }
      if (items.length === 0) logger.warn({ memberId: member.id }, 'member not reachable on any platform');
      await queueAll(items);
      return items.length;
    },
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

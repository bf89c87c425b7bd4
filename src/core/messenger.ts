/**
 * Sends the core's messages to people and channels on every connected platform. A member is
 * reached where they have an identity; where they have none yet, platforms with a directory are
 * asked by email, and the answer is remembered.
 */
import type { Member } from './domain.ts';
import type { Message } from './message.ts';
import type { Logger, PlatformAdapter, Store } from './ports.ts';

export interface Messenger {
  /** Returns how many platforms the member was reached on (0: not reachable anywhere yet). */
  toMember(member: Member, message: Message): Promise<number>;
  toChannel(channel: string, message: Message): Promise<void>;
}

export interface MessengerConfig {
  adapters: PlatformAdapter[];
  store: Store;
  logger: Logger;
  /** Workspace row id per adapter workspace, from the composition root. */
  workspaceIds: Map<PlatformAdapter, string>;
}

export function createMessenger({ adapters, store, logger, workspaceIds }: MessengerConfig): Messenger {
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

  return {
    async toMember(member, message) {
      let reached = 0;
      for (const adapter of adapters) {
        const userId = await userIdOn(adapter, member);
        if (!userId) continue;
        await adapter.send({ kind: 'dm', userId, workspace: adapter.workspace }, message);
        reached += 1;
      }
      if (reached === 0) logger.warn({ memberId: member.id }, 'member not reachable on any platform');
      return reached;
    },
    async toChannel(channel, message) {
      for (const adapter of adapters) {
        await adapter.send({ kind: 'channel', channel, workspace: adapter.workspace }, message);
      }
    },
  };
}

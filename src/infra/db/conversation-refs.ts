/** Conversation references in the database, so proactive messages survive a restart. */
import type { ConversationRefs } from '../../core/ports.ts';
import type { DbClient } from './connection.ts';

export function createConversationRefs(db: DbClient): ConversationRefs {
  return {
    async save(platform, workspace, key, reference) {
      await db.conversationRef.upsert({
        where: { platform_workspace_key: { platform, workspace, key } },
        create: { platform, workspace, key, reference },
        update: { reference },
      });
    },
    async find(platform, workspace, key) {
      const row = await db.conversationRef.findUnique({ where: { platform_workspace_key: { platform, workspace, key } } });
      return row?.reference ?? null;
    },
  };
}

/** The playground's message history, kept in the database so it survives restarts. */
import type { PlaygroundLog } from '../../../adapters/playground/index.ts';
import type { DbClient } from './connection.ts';

export function createPlaygroundLog(db: DbClient): PlaygroundLog {
  return {
    async append(address, payload, key) {
      await db.playgroundMessage.upsert({ where: { key }, create: { address, payload, key }, update: {} });
    },
    async replace(id, payload) {
      await db.playgroundMessage.updateMany({ where: { id }, data: { payload } });
    },
    async feed(dmAddress, after, limit) {
      const rows = await db.playgroundMessage.findMany({
        where: { id: { gt: after }, OR: [{ address: dmAddress }, { address: { startsWith: 'channel:' } }] },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map((r) => ({ id: r.id, address: r.address, payload: r.payload, createdAt: r.createdAt }));
    },
  };
}

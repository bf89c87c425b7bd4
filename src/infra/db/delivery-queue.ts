/**
 * The delivery queue in the database. Claims are conditional updates (`WHERE status = …`), so
 * replicas sharing one PostgreSQL never both claim a row, on either provider, without
 * provider-specific locking SQL.
 */
import type { ClaimedDelivery, DeliveryQueue, DeliveryStatus } from '../../core/delivery.ts';
import type { Message } from '../../core/message.ts';
import type { Destination } from '../../core/ports.ts';
import type { DbClient } from './connection.ts';

export function createDeliveryQueue(db: DbClient): DeliveryQueue {
  return {
    async enqueue(items, now) {
      if (items.length === 0) return 0;
      const existing = new Set(
        (await db.delivery.findMany({ where: { key: { in: items.map((i) => i.key) } }, select: { key: true } })).map((r) => r.key),
      );
      const fresh = [...new Map(items.filter((i) => !existing.has(i.key)).map((i) => [i.key, i])).values()];
      let created = 0;
      for (const item of fresh) {
        const address = item.destination.kind === 'dm' ? item.destination.userId : item.destination.channel;
        try {
          await db.delivery.create({
            data: {
              key: item.key, platform: item.platform, workspace: item.workspace, kind: item.destination.kind, address,
              threadId: item.destination.kind === 'channel' ? (item.destination.threadId ?? null) : null,
              payload: JSON.stringify(item.message), notBefore: item.notBefore ?? now, createdAt: now,
            },
          });
          created += 1;
        } catch (error) {
          // Another replica queued the same key between our read and our write: that is the point.
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
      }
      return created;
    },

    async claim(now, limit, leaseMs, lane) {
      const due = await db.delivery.findMany({
        where: {
          ...(lane ? { platform: lane.platform, workspace: lane.workspace } : {}),
          OR: [
            { status: 'pending', notBefore: { lte: now } },
            { status: 'sending', leaseUntil: { lt: now } },
          ],
        },
        orderBy: { createdAt: 'asc' },
        take: limit,
      });
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const claimed: ClaimedDelivery[] = [];
      for (const row of due) {
        const stillDue = row.status === 'pending' ? { notBefore: { lte: now } } : { leaseUntil: { lt: now } };
        const { count } = await db.delivery.updateMany({
          where: { id: row.id, status: row.status, attempts: row.attempts, ...stillDue },
          data: { status: 'sending', leaseUntil, attempts: { increment: 1 } },
        });
        if (count !== 1) continue;
        const destination: Destination =
          row.kind === 'dm'
            ? { kind: 'dm', userId: row.address, workspace: row.workspace }
            : { kind: 'channel', channel: row.address, workspace: row.workspace, ...(row.threadId ? { threadId: row.threadId } : {}) };
        claimed.push({
          id: row.id, key: row.key, platform: row.platform, workspace: row.workspace, destination,
          message: JSON.parse(row.payload) as Message, attempts: row.attempts + 1,
        });
      }
      return claimed;
    },

    async markSent(id, now, erase) {
      await db.delivery.update({ where: { id }, data: { status: 'sent', sentAt: now, leaseUntil: null, lastError: null, ...(erase ? { payload: '{"erased":true}' } : {}) } });
    },

    async retryLater(id, notBefore, error, refundAttempt) {
      await db.delivery.update({
        where: { id },
        data: { status: 'pending', notBefore, leaseUntil: null, lastError: error.slice(0, 1000), ...(refundAttempt ? { attempts: { decrement: 1 } } : {}) },
      });
    },

    async markFailed(id, error) {
      await db.delivery.update({ where: { id }, data: { status: 'failed', leaseUntil: null, lastError: error.slice(0, 1000) } });
    },

    async withdraw(prefix, reason) {
      // Conditional on `pending`: a delivery a lane has claimed is left to finish.
      const { count } = await db.delivery.updateMany({ where: { key: { startsWith: prefix }, status: 'pending' }, data: { status: 'withdrawn', lastError: reason.slice(0, 1000) } });
      return count;
    },

    async oldestWaiting(now) {
      const row = await db.delivery.findFirst({
        where: { status: { in: ['pending', 'sending'] }, notBefore: { lte: now } },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      });
      return row?.createdAt ?? null;
    },

    async counts() {
      const groups = await db.delivery.groupBy({ by: ['status'], _count: { _all: true } });
      const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, withdrawn: 0 };
      for (const g of groups) counts[g.status as DeliveryStatus] = g._count._all;
      return counts;
    },
  };
}

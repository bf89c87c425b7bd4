/** Recognition and points over Prisma. */
import type { KudosRepo } from '../../features/kudos/repo.ts';
import type { DbClient } from './connection.ts';

export function createKudosRepo(db: DbClient): KudosRepo {
  return {
    async give({ orgId, giverId, value, message, recipientIds, points, at }) {
      return db.$transaction(async (tx) => {
        const kudos = await tx.kudos.create({ data: { orgId, giverId, value, message, createdAt: at } });
        await tx.kudosRecipient.createMany({ data: recipientIds.map((memberId) => ({ kudosId: kudos.id, memberId, createdAt: at })) });
        await tx.points.createMany({ data: recipientIds.map((memberId) => ({ orgId, memberId, points, reason: 'kudos', ref: kudos.id, createdAt: at })) });
        return kudos.id;
      });
    },

    async sameSince({ giverId, value, message, recipientIds }, since) {
      const candidates = await db.kudos.findMany({
        where: { giverId, value, message, createdAt: { gte: since } },
        select: { id: true, recipients: { select: { memberId: true } } },
      });
      const wanted = [...recipientIds].sort().join(',');
      return candidates.find((k) => k.recipients.map((r) => r.memberId).sort().join(',') === wanted)?.id ?? null;
    },

    async givenSince(giverId, since) {
      return db.kudosRecipient.count({ where: { kudos: { giverId }, createdAt: { gte: since } } });
    },

    async pointsBetween(orgId, from, to) {
      const rows = await db.points.groupBy({ by: ['memberId'], where: { orgId, createdAt: { gte: from, lt: to } }, _sum: { points: true } });
      return rows.map((r) => ({ memberId: r.memberId, points: r._sum.points ?? 0 })).sort((a, b) => b.points - a.points);
    },

    async lastReceived(memberIds) {
      const rows = await db.kudosRecipient.groupBy({ by: ['memberId'], where: { memberId: { in: memberIds } }, _max: { createdAt: true } });
      return new Map(rows.filter((r) => r._max.createdAt).map((r) => [r.memberId, r._max.createdAt!]));
    },

    async receivedSince(memberId, since, limit) {
      const rows = await db.kudosRecipient.findMany({
        where: { memberId, createdAt: { gte: since } },
        orderBy: { createdAt: 'desc' },
        take: limit,
        select: { createdAt: true, kudos: { select: { giverId: true, value: true, message: true } } },
      });
      return rows.map((r) => ({ ...r.kudos, at: r.createdAt }));
    },

    async award(orgId, memberId, points, reason, ref, at) {
      try {
        await db.points.create({ data: { orgId, memberId, points, reason, ref, createdAt: at } });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return false;
        throw error;
      }
    },
  };
}

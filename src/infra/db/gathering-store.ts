/** Go-Dutch gatherings over Prisma. */
import type { GatheringRecord, GatheringRepo } from '../../features/gathering/repo.ts';
import type { DbClient } from './connection.ts';

const select = {
  id: true, orgId: true, teamId: true, title: true, date: true, time: true, timezone: true, at: true, place: true, status: true,
  createdBy: true, currency: true, totalMinor: true, paidBy: true,
} as const;
const toRecord = (row: Omit<GatheringRecord, 'status'> & { status: string }): GatheringRecord => ({ ...row, status: row.status as GatheringRecord['status'] });

export function createGatheringRepo(db: DbClient): GatheringRepo {
  return {
    async create(data) {
      const row = await db.$transaction(async (tx) => {
        const created = await tx.gathering.create({ data, select });
        await tx.auditLog.create({ data: { orgId: data.orgId, actorId: data.createdBy, action: 'gathering.plan', target: created.id, detail: JSON.stringify({ title: data.title, date: data.date }) } });
        return created;
      });
      return toRecord(row);
    },

    async find(id) {
      const row = await db.gathering.findUnique({ where: { id }, select });
      return row ? toRecord(row) : null;
    },

    async list(orgId, teamIds, from, to) {
      const rows = await db.gathering.findMany({
        where: { orgId, status: 'planned', at: { gte: from, lte: to }, OR: teamIds.map((teamId) => ({ teamId })) },
        select,
        orderBy: { at: 'asc' },
      });
      return rows.map(toRecord);
    },

    async rsvp(gatheringId, memberId, answer) {
      const before = await db.gatheringRsvp.findUnique({ where: { gatheringId_memberId: { gatheringId, memberId } }, select: { answer: true } });
      await db.gatheringRsvp.upsert({ where: { gatheringId_memberId: { gatheringId, memberId } }, create: { gatheringId, memberId, answer }, update: { answer } });
      return (before?.answer as 'yes' | 'no' | undefined) ?? null;
    },

    async rsvps(gatheringId) {
      const rows = await db.gatheringRsvp.findMany({ where: { gatheringId }, select: { memberId: true, answer: true }, orderBy: { updatedAt: 'asc' } });
      return rows.map((r) => ({ memberId: r.memberId, answer: r.answer as 'yes' | 'no' }));
    },

    async cancel(id, actorId) {
      const row = await db.gathering.update({ where: { id }, data: { status: 'cancelled' }, select: { orgId: true } });
      await db.auditLog.create({ data: { orgId: row.orgId, actorId, action: 'gathering.cancel', target: id } });
    },

    async recordSplit(id, totalMinor, paidBy, shares, actorId) {
      return db.$transaction(async (tx) => {
        const { count } = await tx.gathering.updateMany({ where: { id, totalMinor: null }, data: { totalMinor, paidBy } });
        if (count === 0) return false;
        await tx.gatheringShare.createMany({ data: shares.map((s) => ({ gatheringId: id, memberId: s.memberId, amountMinor: s.amountMinor, paid: s.memberId === paidBy })) });
        const { orgId } = await tx.gathering.findUniqueOrThrow({ where: { id }, select: { orgId: true } });
        await tx.auditLog.create({ data: { orgId, actorId, action: 'gathering.split', target: id, detail: JSON.stringify({ totalMinor, paidBy, people: shares.length }) } });
        return true;
      });
    },

    async shares(id) {
      return db.gatheringShare.findMany({ where: { gatheringId: id }, select: { memberId: true, amountMinor: true, paid: true } });
    },

    async settle(id, memberId, now) {
      const { count } = await db.gatheringShare.updateMany({ where: { gatheringId: id, memberId, paid: false }, data: { paid: true, paidAt: now } });
      return count === 1;
    },
  };
}

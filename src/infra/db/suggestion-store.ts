/** Suggestions and the oversight group over Prisma. */
import type { SuggestionRecord, SuggestionRepo } from '../../features/suggest/repo.ts';
import type { DbClient } from './connection.ts';

const select = {
  id: true, orgId: true, teamId: true, authorId: true, anonymous: true, text: true, status: true, ownerId: true, dueDate: true, reason: true,
  createdAt: true, reviewedAt: true, adoptedAt: true, implementedAt: true, declinedAt: true,
} as const;
const toRecord = (row: Omit<SuggestionRecord, 'status'> & { status: string }): SuggestionRecord => ({ ...row, status: row.status as SuggestionRecord['status'] });

export function createSuggestionRepo(db: DbClient): SuggestionRepo {
  return {
    async create(data) {
      return toRecord(await db.suggestion.create({ data, select }));
    },

    async find(orgId, id) {
      const row = await db.suggestion.findFirst({ where: { orgId, id }, select });
      return row ? toRecord(row) : null;
    },

    async findByReceipt(orgId, receiptHash) {
      const row = await db.suggestion.findFirst({ where: { orgId, receiptHash }, select });
      return row ? toRecord(row) : null;
    },

    async transition(orgId, id, from, change, actorId, action) {
      return db.$transaction(async (tx) => {
        const { count } = await tx.suggestion.updateMany({ where: { orgId, id, status: { in: from } }, data: change });
        if (count === 0) return null;
        await tx.auditLog.create({ data: { orgId, actorId, action, target: `suggestion:${id}`, detail: JSON.stringify({ ...change, authorId: undefined }) } });
        return toRecord((await tx.suggestion.findUniqueOrThrow({ where: { id }, select })));
      });
    },

    async list(orgId, filter) {
      const rows = await db.suggestion.findMany({
        where: { orgId, ...(filter.status ? { status: filter.status } : {}), ...(filter.authorId ? { authorId: filter.authorId } : {}) },
        orderBy: { id: 'desc' },
        take: filter.limit,
        select,
      });
      return rows.map(toRecord);
    },

    async createdBetween(orgId, from, to) {
      return (await db.suggestion.findMany({ where: { orgId, createdAt: { gte: from, lt: to } }, select })).map(toRecord);
    },

    async overdue(orgId, today) {
      return (await db.suggestion.findMany({ where: { orgId, status: 'adopted', dueDate: { lt: today } }, select, orderBy: { dueDate: 'asc' } })).map(toRecord);
    },

    async oversight(orgId) {
      return (await db.oversightMember.findMany({ where: { orgId }, select: { memberId: true }, orderBy: { createdAt: 'asc' } })).map((r) => r.memberId);
    },

    async setOversight(orgId, memberId, member, actorId) {
      const existing = await db.oversightMember.findUnique({ where: { orgId_memberId: { orgId, memberId } } });
      if (member === Boolean(existing)) return false;
      await db.$transaction([
        member ? db.oversightMember.create({ data: { orgId, memberId, addedBy: actorId } }) : db.oversightMember.delete({ where: { orgId_memberId: { orgId, memberId } } }),
        db.auditLog.create({ data: { orgId, actorId, action: member ? 'oversight.add' : 'oversight.remove', target: memberId } }),
      ]);
      return true;
    },
  };
}

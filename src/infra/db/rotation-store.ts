/** Role-swap turns over Prisma. */
import type { RotationKind, RotationRepo, Turn } from '../../features/rotation/repo.ts';
import type { DbClient } from './connection.ts';

type Row = Omit<Turn, 'kind' | 'status'> & { kind: string; status: string };
const toTurn = (r: Row): Turn => ({
  id: r.id, teamId: r.teamId, kind: r.kind as RotationKind, month: r.month, memberId: r.memberId, date: r.date,
  status: r.status as Turn['status'], learned: r.learned, change: r.change,
});
const select = { id: true, teamId: true, kind: true, month: true, memberId: true, date: true, status: true, learned: true, change: true } as const;

export function createRotationRepo(db: DbClient): RotationRepo {
  return {
    async history(teamId, kind) {
      const rows = await db.rotationTurn.groupBy({ by: ['memberId'], where: { teamId, kind, status: 'scheduled' }, _count: { _all: true }, _max: { date: true } });
      return rows.map((r) => ({ memberId: r.memberId, turns: r._count._all, lastTurn: r._max.date }));
    },

    async month(teamId, month) {
      return (await db.rotationTurn.findMany({ where: { teamId, month, status: 'scheduled' }, select, orderBy: [{ date: 'asc' }] })).map(toTurn);
    },

    async create(orgId, turns, actorId) {
      return db.$transaction(async (tx) => {
        const created: Turn[] = [];
        for (const turn of turns) {
          // A turn cancelled or skipped earlier in the month makes way for the new one.
          await tx.rotationTurn.deleteMany({ where: { teamId: turn.teamId, kind: turn.kind, month: turn.month, memberId: turn.memberId, status: { not: 'scheduled' } } });
          created.push(toTurn(await tx.rotationTurn.create({ data: { orgId, ...turn, createdBy: actorId }, select })));
        }
        await tx.auditLog.create({ data: { orgId, actorId, action: 'rotation.schedule', target: turns[0]?.teamId ?? '-', detail: JSON.stringify({ turns }) } });
        return created;
      });
    },

    async update(orgId, id, change, actorId, action) {
      await db.$transaction([
        db.rotationTurn.update({ where: { id }, data: change }),
        db.auditLog.create({ data: { orgId, actorId, action, target: id, detail: JSON.stringify(change) } }),
      ]);
    },

    async find(id) {
      const row = await db.rotationTurn.findUnique({ where: { id }, select });
      return row ? toTurn(row) : null;
    },

    async upcoming(memberId, fromDate) {
      return (await db.rotationTurn.findMany({ where: { memberId, status: 'scheduled', date: { gte: fromDate } }, select, orderBy: { date: 'asc' } })).map(toTurn);
    },

    async awaitingReflection(memberId, today) {
      const row = await db.rotationTurn.findFirst({ where: { memberId, status: 'scheduled', date: { lte: today }, learned: null }, select, orderBy: { date: 'desc' } });
      return row ? toTurn(row) : null;
    },

    async saveReflection(id, learned, change) {
      await db.rotationTurn.update({ where: { id }, data: { learned, change } });
    },
  };
}

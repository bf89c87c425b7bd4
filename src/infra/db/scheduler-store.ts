/** The scheduler's tables. Claims are conditional updates, as in the delivery queue. */
import type { SchedulerStore } from '../../core/scheduler.ts';
import type { DbClient } from './connection.ts';

/** Pending and due, or claimed by a replica whose lease ran out. */
const dueNow = (now: Date) => ({ OR: [{ status: 'pending', dueAt: { lte: now } }, { status: 'running', leaseUntil: { lt: now } }] });
const dueFields = {
  id: true, key: true, orgId: true, kind: true, dueAt: true, attempts: true, payload: true, status: true, leaseUntil: true,
  schedule: { select: { id: true, orgId: true, kind: true, teamId: true, rule: true, timezone: true, payload: true, cursor: true } },
} as const;

export function createSchedulerStore(db: DbClient): SchedulerStore {
  return {
    async activeSchedules() {
      return db.schedule.findMany({
        where: { active: true },
        select: { id: true, orgId: true, kind: true, teamId: true, rule: true, timezone: true, payload: true, cursor: true },
      });
    },

    async holidays(orgId, teamId) {
      const rows = await db.holiday.findMany({ where: { orgId, OR: [{ teamId: null }, ...(teamId ? [{ teamId }] : [])] }, select: { date: true } });
      return new Set(rows.map((r) => r.date));
    },

    async createOccurrences(items) {
      if (items.length === 0) return 0;
      const existing = new Set(
        (await db.occurrence.findMany({ where: { key: { in: items.map((i) => i.key) } }, select: { key: true } })).map((r) => r.key),
      );
      let created = 0;
      for (const item of items.filter((i) => !existing.has(i.key))) {
        try {
          await db.occurrence.create({ data: item });
          created += 1;
        } catch (error) {
          // Another replica created it first: exactly what the unique key is for.
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
      }
      return created;
    },

    async cancelPending(prefix, reason, now) {
      const { count } = await db.occurrence.updateMany({
        where: { key: { startsWith: prefix }, status: 'pending' },
        data: { status: 'skipped', result: reason.slice(0, 2000), finishedAt: now },
      });
      return count;
    },

    async advanceCursor(scheduleId, cursor) {
      await db.schedule.updateMany({ where: { id: scheduleId, cursor: { lt: cursor } }, data: { cursor } });
    },

    async findDue(now, limit) {
      return db.occurrence.findMany({ where: dueNow(now), orderBy: { dueAt: 'asc' }, take: limit, select: dueFields });
    },

    async dueByKey(key, now) {
      return (await db.occurrence.findFirst({ where: { key, ...dueNow(now) }, select: dueFields })) ?? undefined;
    },

    async claim(due, now, leaseMs) {
      const stillDue = due.status === 'pending' ? { dueAt: { lte: now } } : { leaseUntil: { lt: now } };
      const { count } = await db.occurrence.updateMany({
        where: { id: due.id, status: due.status, attempts: due.attempts, ...stillDue },
        data: { status: 'running', leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
      });
      if (count !== 1) return undefined;
      const { status: _status, leaseUntil: _leaseUntil, ...occurrence } = due;
      return { ...occurrence, attempts: due.attempts + 1 };
    },

    async release(due) {
      await db.occurrence.updateMany({
        where: { id: due.id, status: 'running', attempts: due.attempts + 1 },
        data: { status: due.status, leaseUntil: due.leaseUntil, attempts: due.attempts },
      });
    },

    async finish(claim, status, result, now) {
      await db.occurrence.updateMany({
        where: { id: claim.id, attempts: claim.attempts },
        data: { status, result: result.slice(0, 2000), finishedAt: now, leaseUntil: null },
      });
    },

    async retryAt(claim, at, error) {
      // Held as a claim that lapses at the retry time, so `dueAt` stays the time the job was for
      // (its lateness and anything computed from it are measured from then, not from a retry).
      await db.occurrence.updateMany({ where: { id: claim.id, attempts: claim.attempts }, data: { status: 'running', leaseUntil: at, result: error.slice(0, 2000) } });
    },
  };
}

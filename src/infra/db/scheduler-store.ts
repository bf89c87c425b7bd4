/** The scheduler's tables. Claims are conditional updates, as in the delivery queue. */
import type { ClaimedOccurrence, SchedulerStore } from '../../core/scheduler.ts';
import type { DbClient } from './connection.ts';

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

    async claimDue(now, limit, leaseMs) {
      const due = await db.occurrence.findMany({
        where: { OR: [{ status: 'pending', dueAt: { lte: now } }, { status: 'running', leaseUntil: { lt: now } }] },
        orderBy: { dueAt: 'asc' },
        take: limit,
        include: { schedule: { select: { id: true, orgId: true, kind: true, teamId: true, rule: true, timezone: true, payload: true, cursor: true } } },
      });
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const claimed: ClaimedOccurrence[] = [];
      for (const row of due) {
        const stillDue = row.status === 'pending' ? { dueAt: { lte: now } } : { leaseUntil: { lt: now } };
        const { count } = await db.occurrence.updateMany({
          where: { id: row.id, status: row.status, attempts: row.attempts, ...stillDue },
          data: { status: 'running', leaseUntil, attempts: { increment: 1 } },
        });
        if (count === 1) {
          claimed.push({
            id: row.id, key: row.key, orgId: row.orgId, kind: row.kind, dueAt: row.dueAt, attempts: row.attempts + 1,
            payload: row.payload, schedule: row.schedule,
          });
        }
      }
      return claimed;
    },

    async finish(id, status, result, now) {
      await db.occurrence.update({ where: { id }, data: { status, result: result.slice(0, 2000), finishedAt: now, leaseUntil: null } });
    },

    async retryAt(id, at, error) {
      // Held as a claim that lapses at the retry time, so `dueAt` stays the time the job was for
      // (its lateness and anything computed from it are measured from then, not from a retry).
      await db.occurrence.update({ where: { id }, data: { status: 'running', leaseUntil: at, result: error.slice(0, 2000) } });
    },
  };
}

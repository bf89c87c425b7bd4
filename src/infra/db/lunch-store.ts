/** Shared lunches over Prisma: the programme is a Schedule row of kind `lunch.round`. */
import type { LunchAnswer, LunchRepo, Programme, Round } from '../../features/lunch/repo.ts';
import { ruleSchema } from '../../core/recurrence.ts';
import type { DbClient } from './connection.ts';
import { createScheduleRepo, upsertSchedule } from './schedule-store.ts';

const kind = 'lunch.round';

type ScheduleRow = { id: string; orgId: string; teamId: string | null; rule: string; timezone: string; payload: string; active: boolean };
function toProgramme(row: ScheduleRow): Programme {
  const payload = JSON.parse(row.payload) as { groupSize: number; leadMinutes: number; place?: string | null; startAfter: string };
  return {
    id: row.id, orgId: row.orgId, teamId: row.teamId, rule: ruleSchema.parse(JSON.parse(row.rule)), timezone: row.timezone,
    groupSize: payload.groupSize, leadMinutes: payload.leadMinutes, place: payload.place ?? null, startAfter: new Date(payload.startAfter), active: row.active,
  };
}
const toRound = (r: Omit<Round, 'status'> & { status: string }): Round => ({ ...r, status: r.status as Round['status'] });
const roundSelect = { id: true, key: true, scheduleId: true, date: true, time: true, at: true, groupSize: true, status: true } as const;

export function createLunchRepo(db: DbClient): LunchRepo {
  return {
    async programme(orgId, teamId) {
      const row = await db.schedule.findFirst({ where: { orgId, kind, teamId, active: true } });
      return row ? toProgramme(row) : null;
    },

    async programmeById(id) {
      const row = await db.schedule.findUnique({ where: { id } });
      return row && row.kind === kind ? toProgramme(row) : null;
    },

    async saveProgramme(p, actorId) {
      const { groupSize, leadMinutes, place, startAfter } = p;
      const row = await db.$transaction((tx) =>
        upsertSchedule(tx, { orgId: p.orgId, kind, teamId: p.teamId, rule: p.rule, timezone: p.timezone, startAfter, payload: { groupSize, leadMinutes, place, startAfter: startAfter.toISOString() } }, actorId),
      );
      return toProgramme(row);
    },

    async deactivate(id, actorId) {
      const row = await db.schedule.findUniqueOrThrow({ where: { id } });
      await createScheduleRepo(db).stop(row.orgId, kind, row.teamId, actorId);
    },

    async participant(scheduleId, memberId) {
      const row = await db.lunchMember.findUnique({ where: { scheduleId_memberId: { scheduleId, memberId } } });
      return row ? { memberId, status: row.status as 'active', pausedUntil: row.pausedUntil, skipNext: row.skipNext, ignored: row.ignored } : null;
    },

    async participants(scheduleId) {
      const rows = await db.lunchMember.findMany({ where: { scheduleId } });
      return rows.map((r) => ({ memberId: r.memberId, status: r.status as 'active', pausedUntil: r.pausedUntil, skipNext: r.skipNext, ignored: r.ignored }));
    },

    async setParticipant(scheduleId, memberId, patch) {
      await db.lunchMember.upsert({ where: { scheduleId_memberId: { scheduleId, memberId } }, create: { scheduleId, memberId, ...patch }, update: patch });
    },

    async avoidList(memberId) {
      return (await db.lunchAvoid.findMany({ where: { memberId }, select: { avoidId: true } })).map((r) => r.avoidId);
    },

    async setAvoid(memberId, avoidId, avoid) {
      if (!avoid) return (await db.lunchAvoid.deleteMany({ where: { memberId, avoidId } })).count > 0;
      if (await db.lunchAvoid.findUnique({ where: { memberId_avoidId: { memberId, avoidId } } })) return false;
      await db.lunchAvoid.create({ data: { memberId, avoidId } });
      return true;
    },

    async avoidPairs(memberIds) {
      const rows = await db.lunchAvoid.findMany({ where: { memberId: { in: memberIds }, avoidId: { in: memberIds } }, select: { memberId: true, avoidId: true } });
      return rows.map((r): [string, string] => [r.memberId, r.avoidId]);
    },

    async ensureRound(round) {
      const existing = await db.lunchRound.findUnique({ where: { key: round.key }, select: roundSelect });
      if (existing) return { round: toRound(existing), created: false };
      try {
        return { round: toRound(await db.lunchRound.create({ data: round, select: roundSelect })), created: true };
      } catch (error) {
        if ((error as { code?: string }).code !== 'P2002') throw error;
        return { round: toRound((await db.lunchRound.findUnique({ where: { key: round.key }, select: roundSelect }))!), created: false };
      }
    },

    async round(id) {
      const row = await db.lunchRound.findUnique({ where: { id }, select: roundSelect });
      return row ? toRound(row) : null;
    },

    async openRound(scheduleId) {
      const row = await db.lunchRound.findFirst({ where: { scheduleId, status: { in: ['inviting', 'grouped'] } }, orderBy: { at: 'asc' }, select: roundSelect });
      return row ? toRound(row) : null;
    },

    async addRsvps(roundId, memberIds, answer) {
      const existing = new Set((await db.lunchRsvp.findMany({ where: { roundId }, select: { memberId: true } })).map((r) => r.memberId));
      const fresh = memberIds.filter((id) => !existing.has(id));
      if (fresh.length > 0) await db.lunchRsvp.createMany({ data: fresh.map((memberId) => ({ roundId, memberId, answer })) });
    },

    async rsvps(roundId) {
      const rows = await db.lunchRsvp.findMany({ where: { roundId }, select: { memberId: true, answer: true, groupNo: true } });
      return rows.map((r) => ({ memberId: r.memberId, answer: r.answer as LunchAnswer, groupNo: r.groupNo }));
    },

    async answer(roundId, memberId, answer) {
      const before = await db.lunchRsvp.findUnique({ where: { roundId_memberId: { roundId, memberId } }, select: { memberId: true, answer: true, groupNo: true } });
      if (!before) return null;
      await db.lunchRsvp.update({ where: { roundId_memberId: { roundId, memberId } }, data: { answer, ...(answer === 'dropped' || answer === 'no' ? { groupNo: null } : {}) } });
      return { memberId, answer: before.answer as LunchAnswer, groupNo: before.groupNo };
    },

    async setGroups(roundId, groups) {
      await db.$transaction([
        ...groups.flatMap((group, i) => group.map((memberId) => db.lunchRsvp.update({ where: { roundId_memberId: { roundId, memberId } }, data: { groupNo: i + 1 } }))),
        db.lunchRound.update({ where: { id: roundId }, data: { status: 'grouped' } }),
      ]);
    },

    async setGroup(roundId, memberId, groupNo) {
      await db.lunchRsvp.update({ where: { roundId_memberId: { roundId, memberId } }, data: { groupNo, answer: 'yes' } });
    },

    async setStatus(roundId, status) {
      await db.lunchRound.update({ where: { id: roundId }, data: { status } });
    },

    async history(scheduleId, limit) {
      const rounds = await db.lunchRound.findMany({
        where: { scheduleId, status: { in: ['grouped', 'done'] } },
        orderBy: { at: 'desc' },
        take: limit,
        select: { rsvps: { where: { groupNo: { not: null } }, select: { memberId: true, groupNo: true } } },
      });
      return rounds.map((r) => {
        const groups = new Map<number, string[]>();
        for (const x of r.rsvps) groups.set(x.groupNo!, [...(groups.get(x.groupNo!) ?? []), x.memberId]);
        return [...groups.values()];
      });
    },

    async pastGroups(memberId, limit) {
      const mine = await db.lunchRsvp.findMany({
        where: { memberId, groupNo: { not: null }, round: { status: 'done' } },
        orderBy: { round: { at: 'desc' } },
        take: limit,
        select: { groupNo: true, round: { select: { date: true, rsvps: { select: { memberId: true, groupNo: true } } } } },
      });
      return mine.map((m) => ({ date: m.round.date, with: m.round.rsvps.filter((r) => r.groupNo === m.groupNo && r.memberId !== memberId).map((r) => r.memberId) }));
    },
  };
}

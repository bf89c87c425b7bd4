/** The digest's facts over Prisma: counted with group-bys, one query per kind of fact. */
import type { DigestSource, PulseRoundFacts } from '../../features/digest/repo.ts';
import { questionById } from '../../features/pulse/questions.ts';
import { fewestOnAQuestion } from '../../features/pulse/disclosure.ts';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { occurrencesBetween, ruleSchema } from '../../core/recurrence.ts';
import type { DbClient } from './connection.ts';

const yes = (answer: string) => answer === 'yes';

export function createDigestSource(db: DbClient): DigestSource {
  async function teamOfMembers(orgId: string): Promise<Map<string, { teamId: string | null; name: string; role: string; active: boolean }>> {
    const rows = await db.member.findMany({ where: { orgId }, select: { id: true, teamId: true, name: true, role: true, active: true } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  return {
    async lunches(orgId, w) {
      const rounds = await db.lunchRound.findMany({ where: { at: { gte: w.from, lt: w.to }, status: { in: ['grouped', 'done'] } }, select: { id: true, scheduleId: true } });
      if (rounds.length === 0) return [];
      const schedules = new Map((await db.schedule.findMany({ where: { orgId, id: { in: rounds.map((r) => r.scheduleId) } }, select: { id: true, teamId: true } })).map((s) => [s.id, s.teamId]));
      const counts = await db.lunchRsvp.groupBy({ by: ['roundId', 'answer'], where: { roundId: { in: rounds.map((r) => r.id) } }, _count: { _all: true } });
      const byTeam = new Map<string | null, { invited: number; yes: number }>();
      for (const c of counts) {
        const round = rounds.find((r) => r.id === c.roundId)!;
        if (!schedules.has(round.scheduleId)) continue;
        const teamId = schedules.get(round.scheduleId) ?? null;
        const entry = byTeam.get(teamId) ?? { invited: 0, yes: 0 };
        entry.invited += c._count._all;
        if (yes(c.answer)) entry.yes += c._count._all;
        byTeam.set(teamId, entry);
      }
      return [...byTeam.entries()].map(([teamId, v]) => ({ teamId, ...v }));
    },

    async rotations(orgId, fromDate, toDate) {
      return db.rotationTurn.findMany({ where: { orgId, status: 'scheduled', date: { gte: fromDate, lt: toDate } }, select: { teamId: true, kind: true, learned: true, change: true } });
    },

    async gatherings(orgId, w) {
      const rows = await db.gathering.findMany({
        where: { orgId, status: 'planned', at: { gte: w.from, lt: w.to } },
        select: { teamId: true, title: true, _count: { select: { rsvps: { where: { answer: 'yes' } } } } },
      });
      return rows.map((r) => ({ teamId: r.teamId, title: r.title, going: r._count.rsvps }));
    },

    async pulseRounds(orgId, before, limit) {
      const teams = await db.team.findMany({ where: { orgId }, select: { id: true } });
      const rounds = (
        await Promise.all(
          teams.map((t) =>
            db.pulseRound.findMany({
              where: { teamId: t.id, status: 'closed', closesAt: { lt: before } },
              orderBy: { closesAt: 'desc' },
              take: limit,
              select: { id: true, teamId: true, closesAt: true, invited: true, answered: true, threshold: true, questions: true },
            }),
          ),
        )
      ).flat();
      const answers = rounds.length === 0 ? [] : await db.pulseAnswer.findMany({ where: { roundId: { in: rounds.map((r) => r.id) } }, select: { roundId: true, questionId: true, value: true } });
      return rounds.map((r): PulseRoundFacts => {
        const own = answers.filter((a) => a.roundId === r.id);
        return {
          teamId: r.teamId, closesAt: r.closesAt, invited: r.invited, answered: r.answered, threshold: r.threshold,
          agree: own.filter((a) => questionById(a.questionId)?.scale === 'agree5').map((a) => a.value),
          enps: own.filter((a) => questionById(a.questionId)?.scale === 'enps').map((a) => a.value),
          fewest: fewestOnAQuestion(JSON.parse(r.questions) as string[], own),
        };
      });
    },

    async suggestions(orgId, w, today) {
      const window = { gte: w.from, lt: w.to };
      const [made, adopted, implemented, overdue] = await Promise.all([
        db.suggestion.groupBy({ by: ['teamId'], where: { orgId, createdAt: window }, _count: { _all: true } }),
        db.suggestion.groupBy({ by: ['teamId'], where: { orgId, adoptedAt: window }, _count: { _all: true } }),
        db.suggestion.groupBy({ by: ['teamId'], where: { orgId, implementedAt: window }, _count: { _all: true } }),
        db.suggestion.groupBy({ by: ['teamId'], where: { orgId, status: 'adopted', dueDate: { lt: today } }, _count: { _all: true } }),
      ]);
      const teams = new Set([...made, ...adopted, ...implemented, ...overdue].map((r) => r.teamId));
      const count = (rows: Array<{ teamId: string | null; _count: { _all: number } }>, teamId: string | null) => rows.find((r) => r.teamId === teamId)?._count._all ?? 0;
      return [...teams].map((teamId) => ({ teamId, made: count(made, teamId), adopted: count(adopted, teamId), implemented: count(implemented, teamId), overdue: count(overdue, teamId) }));
    },

    async kudos(orgId, w) {
      const members = await teamOfMembers(orgId);
      const received = await db.kudosRecipient.groupBy({ by: ['memberId'], where: { createdAt: { gte: w.from, lt: w.to }, kudos: { orgId } }, _count: { _all: true } });
      const given = await db.kudos.groupBy({ by: ['giverId'], where: { orgId, createdAt: { gte: w.from, lt: w.to } }, _count: { _all: true } });
      const sum = (rows: Array<{ id: string; n: number }>) => {
        const out = new Map<string, number>();
        for (const r of rows) {
          const teamId = members.get(r.id)?.teamId;
          if (teamId) out.set(teamId, (out.get(teamId) ?? 0) + r.n);
        }
        return out;
      };
      return { received: sum(received.map((r) => ({ id: r.memberId, n: r._count._all }))), given: sum(given.map((r) => ({ id: r.giverId, n: r._count._all }))) };
    },

    async unrecognised(orgId, since) {
      const agents = await db.member.findMany({ where: { orgId, role: 'agent', active: true, teamId: { not: null } }, select: { id: true, teamId: true, name: true }, orderBy: { name: 'asc' } });
      const recent = new Set((await db.kudosRecipient.groupBy({ by: ['memberId'], where: { createdAt: { gte: since }, memberId: { in: agents.map((a) => a.id) } } })).map((r) => r.memberId));
      return agents.filter((a) => !recent.has(a.id)).map((a) => ({ teamId: a.teamId!, name: a.name }));
    },

    async funnel(orgId, since, teamIds) {
      const rows = await db.suggestion.groupBy({ by: ['status'], where: { orgId, createdAt: { gte: since }, teamId: { in: teamIds } }, _count: { _all: true } });
      const n = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
      return { made: rows.reduce((s, r) => s + r._count._all, 0), adopted: n('adopted') + n('implemented'), implemented: n('implemented') };
    },

    async linkSecret(orgId) {
      // Whichever replica gets here first makes it; everyone then reads the same one.
      await db.organization.updateMany({ where: { id: orgId, linkSecret: null }, data: { linkSecret: randomBytes(32).toString('hex') } });
      return (await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { linkSecret: true } })).linkSecret!;
    },

    async upcoming(orgId, w, fromDate, toDate) {
      // Lunches from their programmes' rules: next week's are not lined up as occurrences yet.
      const programmes = await db.schedule.findMany({ where: { orgId, kind: 'lunch.round', active: true }, select: { teamId: true, rule: true, timezone: true } });
      const holidays = await db.holiday.findMany({ where: { orgId, date: { gte: fromDate, lt: toDate } }, select: { date: true, teamId: true } });
      const lunches = programmes.flatMap((p) =>
        occurrencesBetween(ruleSchema.parse(JSON.parse(p.rule)), p.timezone, w.from, w.to, (d) => holidays.some((h) => h.date === d && (h.teamId === null || h.teamId === p.teamId))).map((o) => ({
          teamId: p.teamId, when: `${o.localDate} ${DateTime.fromJSDate(o.at, { zone: p.timezone }).toFormat('HH:mm')}`,
        })),
      );
      const turns = await db.rotationTurn.findMany({ where: { orgId, status: 'scheduled', date: { gte: fromDate, lt: toDate } }, select: { teamId: true, date: true, kind: true, memberId: true } });
      const gatherings = await db.gathering.findMany({ where: { orgId, status: 'planned', at: { gte: w.from, lt: w.to } }, select: { teamId: true, date: true, time: true, title: true } });
      const members = await teamOfMembers(orgId);
      return [
        ...lunches.map((o) => ({ ...o, what: 'lunch' as const, title: '' })),
        ...turns.map((t) => ({ teamId: t.teamId, when: t.date, what: 'rotation' as const, title: `${t.kind}: ${members.get(t.memberId)?.name ?? '?'}` })),
        ...gatherings.map((g) => ({ teamId: g.teamId, when: `${g.date} ${g.time}`, what: 'gathering' as const, title: g.title })),
      ].sort((a, b) => a.when.localeCompare(b.when));
    },
  };
}

/**
 * The digest's facts over Prisma, counted by the database: group-bys, and plain SQL (the same text
 * on SQLite and PostgreSQL) where a count needs a join to the member's team.
 */
import type { DigestSource, PulseRoundFacts } from '../../features/digest/repo.ts';
import { questionById } from '../../features/pulse/questions.ts';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { occurrencesBetween, ruleSchema } from '../../core/recurrence.ts';
import type { DbClient } from './connection.ts';

const yes = (answer: string) => answer === 'yes';
/** COUNT(*) comes back as a bigint from both drivers. */
type TeamCount = { teamId: string; n: bigint | number };

export function createDigestSource(db: DbClient): DigestSource {
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
      // Counted by the database: how many of each value each question got, never the rows.
      const counts = rounds.length === 0 ? [] : await db.pulseAnswer.groupBy({ by: ['roundId', 'questionId', 'value'], where: { roundId: { in: rounds.map((r) => r.id) } }, _count: { _all: true } });
      const byRound = new Map<string, typeof counts>();
      for (const c of counts) byRound.set(c.roundId, [...(byRound.get(c.roundId) ?? []), c]);
      const valuesOf = (own: typeof counts, scale: string) => own.filter((c) => questionById(c.questionId)?.scale === scale).flatMap((c) => Array<number>(c._count._all).fill(c.value));
      return rounds.map((r): PulseRoundFacts => {
        const own = byRound.get(r.id) ?? [];
        const perQuestion = (JSON.parse(r.questions) as string[]).filter((q) => questionById(q)?.scale === 'agree5').map((q) => own.filter((c) => c.questionId === q).reduce((s, c) => s + c._count._all, 0));
        return {
          teamId: r.teamId, closesAt: r.closesAt, invited: r.invited, answered: r.answered, threshold: r.threshold,
          agree: valuesOf(own, 'agree5'),
          enps: valuesOf(own, 'enps'),
          fewest: perQuestion.length > 0 ? Math.min(...perQuestion) : 0,
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
      // Joined and counted per team in SQL: a week of a large centre is thousands of rows.
      const [received, given] = await Promise.all([
        db.$queryRaw<TeamCount[]>`SELECT m."teamId" AS "teamId", COUNT(*) AS n FROM "KudosRecipient" r JOIN "Kudos" k ON k."id" = r."kudosId" JOIN "Member" m ON m."id" = r."memberId"
          WHERE k."orgId" = ${orgId} AND r."createdAt" >= ${w.from} AND r."createdAt" < ${w.to} AND m."teamId" IS NOT NULL GROUP BY m."teamId"`,
        db.$queryRaw<TeamCount[]>`SELECT m."teamId" AS "teamId", COUNT(*) AS n FROM "Kudos" k JOIN "Member" m ON m."id" = k."giverId"
          WHERE k."orgId" = ${orgId} AND k."createdAt" >= ${w.from} AND k."createdAt" < ${w.to} AND m."teamId" IS NOT NULL GROUP BY m."teamId"`,
      ]);
      const byTeam = (rows: TeamCount[]) => new Map(rows.map((r) => [r.teamId, Number(r.n)]));
      return { received: byTeam(received), given: byTeam(given) };
    },

    async unrecognised(orgId, since) {
      // One anti-join: a list of thousands of agent ids would pass SQLite's limit on parameters.
      return db.$queryRaw<Array<{ teamId: string; name: string }>>`SELECT m."teamId" AS "teamId", m."name" AS "name" FROM "Member" m
        WHERE m."orgId" = ${orgId} AND m."role" = 'agent' AND m."active" = true AND m."teamId" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "KudosRecipient" r WHERE r."memberId" = m."id" AND r."createdAt" >= ${since})
        ORDER BY m."name"`;
    },

    async funnels(orgId, since) {
      const rows = await db.suggestion.groupBy({ by: ['teamId', 'status'], where: { orgId, createdAt: { gte: since } }, _count: { _all: true } });
      const byTeam = new Map<string | null, { made: number; adopted: number; implemented: number }>();
      for (const r of rows) {
        const entry = byTeam.get(r.teamId) ?? { made: 0, adopted: 0, implemented: 0 };
        entry.made += r._count._all;
        if (r.status === 'adopted' || r.status === 'implemented') entry.adopted += r._count._all;
        if (r.status === 'implemented') entry.implemented += r._count._all;
        byTeam.set(r.teamId, entry);
      }
      return [...byTeam].map(([teamId, f]) => ({ teamId, ...f }));
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
      const names = new Map((await db.member.findMany({ where: { id: { in: [...new Set(turns.map((t) => t.memberId))] } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
      return [
        ...lunches.map((o) => ({ ...o, what: 'lunch' as const, title: '' })),
        ...turns.map((t) => ({ teamId: t.teamId, when: t.date, what: 'rotation' as const, title: `${t.kind}: ${names.get(t.memberId) ?? '?'}` })),
        ...gatherings.map((g) => ({ teamId: g.teamId, when: `${g.date} ${g.time}`, what: 'gathering' as const, title: g.title })),
      ].sort((a, b) => a.when.localeCompare(b.when));
    },
  };
}

/**
 * Digest at scale: a year of history for a 5,000-person centre (25 teams of 200, each with two
 * supervisors; five leaders and an admin), about 250,000 pulse answers, 50,000 kudos and 5,000
 * suggestions, plus a year of lunch rounds and RSVPs, role-swap turns with reflections and
 * go-Dutch gatherings. Seeded with bulk inserts in the real schema, then Monday's digest run is
 * timed: the whole organisation's digest and each team's, computed and rendered as the weekly job
 * does for its readers (sending the messages is the delivery queue's work, not timed here).
 *
 *   npm run bench:digest                          SQLite (and PostgreSQL when TEST_DATABASE_URL is set)
 *   npm run bench:digest -- --db postgresql       one database
 *   npm run bench:digest -- --runs 3              fewer timed runs (default 7, after one warm-up)
 *
 * Target: the whole run under a second on each database. Queries are counted as Prisma operations
 * (one `findMany` or `groupBy` is one), through the same hook that feeds /metrics.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { Team } from '../src/core/domain.ts';
import { translatorFor } from '../src/core/i18n/index.ts';
import { computeDigest, defaultRules } from '../src/features/digest/compute.ts';
import { createSharedFacts, funnelOf, pastWeek, type DigestWeek, type FactsFor } from '../src/features/digest/gather.ts';
import { digestMessage } from '../src/features/digest/render.ts';
import { questionsForRound } from '../src/features/pulse/questions.ts';
import { openDatabase, type Database, type Provider } from '../src/infra/db/connection.ts';
import { createDigestSource } from '../src/infra/db/digest-store.ts';
import { migrate } from '../src/infra/db/migrate.ts';
import { createPrismaStore } from '../src/infra/db/store.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { postgresUrl } from '../test/support/env.ts';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '7' } } });
const providers: Provider[] = values.db ? [values.db as Provider] : postgresUrl ? ['sqlite', 'postgresql'] : ['sqlite'];
const runs = Number(values.runs);

const zone = 'Europe/London';
const teamCount = 25;
const perTeam = 200;
const supervisorsPerTeam = 2;
const weeks = 52;
const kudosCount = 50_000;
const suggestionCount = 5_000;
/** Monday 23 November 2026, 09:00 in London: the run covers 16–22 November. */
const monday = new Date('2026-11-23T09:00:00Z');
const day = 86_400_000;
const yearAgo = monday.getTime() - weeks * 7 * day;

/** A seeded generator (mulberry32), so every run seeds the same centre. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Inserts rows in chunks: one statement each, a few thousand rows at a time. */
async function bulk<T>(insert: (rows: T[]) => Promise<unknown>, rows: T[], chunk = 2_000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await insert(rows.slice(i, i + chunk));
}

interface Seeded {
  orgId: string;
  counts: Record<string, number>;
}

async function seed(db: Database): Promise<Seeded> {
  const c = db.client;
  const random = createRandom(8);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const at = (from: number, to: number) => new Date(from + Math.floor(random() * (to - from)));
  const localDate = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
  const org = await c.organization.create({ data: { name: 'Bench Centre', timezone: zone } });
  const orgId = org.id;
  const teams = Array.from({ length: teamCount }, (_, t) => ({ id: `team-${t}`, orgId, name: `Team ${String(t).padStart(2, '0')}` }));
  await c.team.createMany({ data: teams });
  const members: Array<{ id: string; orgId: string; teamId: string | null; name: string; email: string; role: 'agent' | 'supervisor' | 'leader' | 'admin'; timezone: string }> = [];
  teams.forEach((team, t) => {
    for (let i = 0; i < perTeam; i++) {
      const role = i < supervisorsPerTeam ? 'supervisor' : 'agent';
      members.push({ id: `m-${t}-${i}`, orgId, teamId: team.id, name: `Person ${t}-${i}`, email: `p${t}.${i}@bench.example`, role, timezone: zone });
    }
  });
  for (let i = 0; i < 5; i++) members.push({ id: `leader-${i}`, orgId, teamId: null, name: `Leader ${i}`, email: `leader${i}@bench.example`, role: 'leader', timezone: zone });
  members.push({ id: 'admin-0', orgId, teamId: null, name: 'Admin', email: 'admin@bench.example', role: 'admin', timezone: zone });
  await bulk((data) => c.member.createMany({ data }), members);
  const agentsOf = (t: number) => members.filter((m) => m.teamId === `team-${t}` && m.role === 'agent');
  const everyone = members.map((m) => m.id);

  // Pulse: every team weekly for a year, opened Friday 16:00, closed Monday 16:00; three questions.
  const rounds: Array<{ id: string; key: string; orgId: string; teamId: string; openedOn: string; closesAt: Date; questions: string; status: string; invited: number; answered: number; threshold: number }> = [];
  const answers: Array<{ roundId: string; questionId: string; value: number }> = [];
  const comments: Array<{ roundId: string; text: string }> = [];
  for (let t = 0; t < teamCount; t++) {
    const invited = agentsOf(t).length;
    for (let w = 0; w < weeks; w++) {
      const closesAt = new Date(yearAgo + w * 7 * day + 7 * 3_600_000);
      const questions = questionsForRound(w, 3);
      const answered = 55 + Math.floor(random() * 19);
      const id = `round-${t}-${w}`;
      rounds.push({ id, key: `pulse.round:${t}:${w}`, orgId, teamId: `team-${t}`, openedOn: localDate(new Date(closesAt.getTime() - 3 * day)), closesAt, questions: JSON.stringify(questions.map((q) => q.id)), status: 'closed', invited, answered, threshold: 5 });
      const mood = 3 + Math.sin((w + t) / 6);
      for (const q of questions) {
        const n = answered - Math.floor(random() * 3);
        for (let a = 0; a < n; a++) {
          const value = q.scale === 'enps' ? Math.min(10, Math.max(0, Math.round(mood * 2 + random() * 4))) : Math.min(5, Math.max(1, Math.round(mood + random() * 2 - 1)));
          answers.push({ roundId: id, questionId: q.id, value });
        }
      }
      for (let k = 0; k < 5; k++) comments.push({ roundId: id, text: `Comment ${k} on week ${w}` });
    }
  }
  await bulk((data) => c.pulseRound.createMany({ data }), rounds);
  await bulk((data) => c.pulseAnswer.createMany({ data }), answers, 5_000);
  await bulk((data) => c.pulseComment.createMany({ data }), comments);

  // Kudos: 50,000 over the year, a fifth of them to two people.
  const values = ['customer-first', 'stepped-up', 'team-player', 'calm-under-pressure', 'great-idea'];
  const kudos: Array<{ id: string; orgId: string; giverId: string; value: string; message: string; createdAt: Date }> = [];
  const recipients: Array<{ kudosId: string; memberId: string; createdAt: Date }> = [];
  for (let i = 0; i < kudosCount; i++) {
    const createdAt = at(yearAgo, monday.getTime());
    const giverId = pick(everyone);
    kudos.push({ id: `kudos-${i}`, orgId, giverId, value: pick(values), message: 'thank you for the help', createdAt });
    recipients.push({ kudosId: `kudos-${i}`, memberId: pick(everyone), createdAt });
    if (random() < 0.2) recipients.push({ kudosId: `kudos-${i}`, memberId: pick(everyone), createdAt });
  }
  await bulk((data) => c.kudos.createMany({ data }), kudos);
  await bulk((data) => c.kudosRecipient.createMany({ data }), recipients);

  // Suggestions: 5,000 through their statuses; a fifth anonymous; some adopted ones overdue.
  const suggestions = Array.from({ length: suggestionCount }, (_, i) => {
    const createdAt = at(yearAgo, monday.getTime());
    const author = members[Math.floor(random() * teamCount * perTeam)]!;
    const anonymous = random() < 0.2;
    const roll = random();
    const status = roll < 0.3 ? 'submitted' : roll < 0.5 ? 'under_review' : roll < 0.7 ? 'adopted' : roll < 0.9 ? 'implemented' : 'declined';
    const step = (n: number) => new Date(Math.min(monday.getTime() - 1, createdAt.getTime() + n * 7 * day));
    const adoptedAt = status === 'adopted' || status === 'implemented' ? step(2) : null;
    return {
      orgId, teamId: author.teamId, authorId: anonymous ? null : author.id, anonymous, receiptHash: anonymous ? `receipt-${i}` : null,
      text: `Idea ${i}`, status, ownerId: adoptedAt ? pick(everyone) : null, createdAt,
      reviewedAt: status === 'submitted' ? null : step(1), adoptedAt,
      implementedAt: status === 'implemented' ? step(6) : null, declinedAt: status === 'declined' ? step(1) : null,
      dueDate: adoptedAt ? localDate(new Date(adoptedAt.getTime() + 8 * 7 * day)) : null, reason: status === 'declined' ? 'not now' : null,
    };
  });
  await bulk((data) => c.suggestion.createMany({ data }), suggestions);

  // Shared lunches: a weekly Wednesday programme per team, 60 people in it, a round a week.
  const schedules = teams.map((team, t) => ({
    id: `lunch-${t}`, orgId, kind: 'lunch.round', teamId: team.id, timezone: zone, cursor: monday,
    rule: JSON.stringify({ freq: 'weekly', time: '12:00', days: [3], interval: 1, anchor: '2025-11-26' }), payload: JSON.stringify({ size: 4 }),
  }));
  await c.schedule.createMany({ data: schedules });
  const lunchMembers = teams.flatMap((_, t) => agentsOf(t).slice(0, 60).map((m) => ({ scheduleId: `lunch-${t}`, memberId: m.id })));
  await bulk((data) => c.lunchMember.createMany({ data }), lunchMembers);
  const lunchRounds: Array<{ id: string; key: string; scheduleId: string; date: string; time: string; at: Date; groupSize: number; status: string }> = [];
  const rsvps: Array<{ roundId: string; memberId: string; answer: string; groupNo: number | null }> = [];
  for (let t = 0; t < teamCount; t++) {
    for (let w = 0; w < weeks; w++) {
      const when = new Date(yearAgo + w * 7 * day + 2 * day + 3 * 3_600_000);
      const id = `lunch-round-${t}-${w}`;
      lunchRounds.push({ id, key: `lunch.round:${t}:${w}`, scheduleId: `lunch-${t}`, date: localDate(when), time: '12:00', at: when, groupSize: 4, status: 'done' });
      agentsOf(t).slice(0, 60).forEach((m, i) => {
        const roll = random();
        const answer = roll < 0.6 ? 'yes' : roll < 0.9 ? 'no' : 'pending';
        rsvps.push({ roundId: id, memberId: m.id, answer, groupNo: answer === 'yes' ? i % 15 : null });
      });
    }
  }
  await bulk((data) => c.lunchRound.createMany({ data }), lunchRounds);
  await bulk((data) => c.lunchRsvp.createMany({ data }), rsvps, 5_000);

  // Role swaps: each month two agents manage for a day and one supervisor takes calls, per team.
  const turns: Array<{ orgId: string; teamId: string; kind: string; month: string; memberId: string; date: string; learned: string | null; change: string | null }> = [];
  for (let t = 0; t < teamCount; t++) {
    for (let month = DateTime.fromMillis(yearAgo, { zone }).startOf('month'); month < DateTime.fromJSDate(monday).plus({ months: 1 }); month = month.plus({ months: 1 })) {
      const agents = agentsOf(t);
      const people = [['manager-for-a-day', pick(agents).id], ['manager-for-a-day', pick(agents).id], ['agent-for-a-day', `m-${t}-${Math.floor(random() * supervisorsPerTeam)}`]] as const;
      for (const [n, [kind, memberId]] of people.entries()) {
        const date = month.plus({ days: 3 + n * 9 + (t % 5) }).toISODate()!;
        const past = date < localDate(monday);
        turns.push({ orgId, teamId: `team-${t}`, kind, month: month.toFormat('yyyy-MM'), memberId, date, learned: past ? 'How the forecast drives the rota' : null, change: past ? 'Share it with the team' : null });
      }
    }
  }
  // Two agents picked twice in a month would break the unique key: keep the first.
  const seen = new Set<string>();
  await c.rotationTurn.createMany({ data: turns.filter((x) => !seen.has(`${x.teamId}|${x.kind}|${x.month}|${x.memberId}`) && seen.add(`${x.teamId}|${x.kind}|${x.month}|${x.memberId}`)) });

  // Go-Dutch gatherings: one a month per team, and one a quarter for everyone; 40 answers each.
  const gatherings: Array<{ id: string; orgId: string; teamId: string | null; title: string; date: string; time: string; timezone: string; at: Date; status: string; createdBy: string; currency: string }> = [];
  const gatheringRsvps: Array<{ gatheringId: string; memberId: string; answer: string }> = [];
  for (let g = 0; g < 13 * (teamCount + 1); g++) {
    const t = g % (teamCount + 1);
    const when = new Date(yearAgo + Math.floor(g / (teamCount + 1)) * 28 * day + (t % 7) * day + 18 * 3_600_000);
    const id = `gathering-${g}`;
    const pool = t === teamCount ? everyone : agentsOf(t).map((m) => m.id);
    gatherings.push({ id, orgId, teamId: t === teamCount ? null : `team-${t}`, title: `Hotpot ${g}`, date: localDate(when), time: '19:00', timezone: zone, at: when, status: 'planned', createdBy: pool[0]!, currency: 'USD' });
    for (let i = 0; i < 40; i++) gatheringRsvps.push({ gatheringId: id, memberId: pool[i]!, answer: random() < 0.7 ? 'yes' : 'no' });
  }
  await bulk((data) => c.gathering.createMany({ data }), gatherings);
  await bulk((data) => c.gatheringRsvp.createMany({ data }), gatheringRsvps);
  await c.holiday.createMany({ data: [{ orgId, date: '2026-12-25', name: 'Christmas' }, { orgId, date: '2026-11-26', name: 'Founders day', teamId: 'team-3' }] });

  const counts = {
    members: members.length, pulseRounds: rounds.length, pulseAnswers: answers.length, pulseComments: comments.length, kudos: kudos.length,
    kudosRecipients: recipients.length, suggestions: suggestions.length, lunchRounds: lunchRounds.length, lunchRsvps: rsvps.length,
    rotationTurns: seen.size, gatherings: gatherings.length, gatheringRsvps: gatheringRsvps.length,
  };
  return { orgId, counts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => Math.round(x * 10) / 10;

async function run(provider: Provider) {
  const database = await createTestDatabase(provider);
  let queries = 0;
  const db = openDatabase(database.url, { onQuery: () => void (queries += 1) });
  try {
    await migrate(db);
    const seeding = performance.now();
    const { orgId, counts } = await seed(db);
    const seedS = (performance.now() - seeding) / 1000;
    if (provider === 'postgresql') await db.client.$executeRawUnsafe('ANALYZE');
    process.stderr.write(`  ${provider}: seeded in ${seedS.toFixed(1)} s: ${JSON.stringify(counts)}\n`);

    const source = createDigestSource(db.client);
    const store = createPrismaStore(db.client);
    const org = await db.client.organization.findUniqueOrThrow({ where: { id: orgId } });
    const t = translatorFor('en');
    const week: DigestWeek = pastWeek(monday, zone);

    /** Monday's work for one scope, as the weekly job's `forMember` does it once per scope. */
    async function scope(teams: Team[], factsFor: FactsFor, funnels: ReturnType<typeof source.funnels>): Promise<number> {
      const { facts, everyLatest } = await factsFor(teams, week);
      const digest = computeDigest(facts, defaultRules, everyLatest);
      const funnel = funnelOf(await funnels, teams.map((x) => x.id));
      const title = t('digest.title', { scope: teams.length === 1 ? teams[0]!.name : org.name, week: week.label });
      return digestMessage(t, digest, title, null, funnel).text.length;
    }

    /**
     * The whole organisation's digest, then each team's, from the week's facts gathered once, as
     * the weekly job does. CPU time is this process's (with SQLite, all of the work): the machine
     * is shared, and wall time alone would also count other processes' turns.
     */
    async function mondayRun(): Promise<{ totalMs: number; cpuMs: number; orgMs: number; teamMs: number[]; queries: number }> {
      const before = queries;
      const cpu = process.cpuUsage();
      const began = performance.now();
      const all = await store.listTeams(orgId);
      const factsFor = createSharedFacts(source, orgId, all, monday, defaultRules.nudgeWeeks);
      const funnels = source.funnels(orgId, week.from.startOf('quarter').toJSDate());
      await scope(all, factsFor, funnels);
      const orgMs = performance.now() - began;
      const teamMs: number[] = [];
      for (const team of all) {
        const start = performance.now();
        await scope([team], factsFor, funnels);
        teamMs.push(performance.now() - start);
      }
      const used = process.cpuUsage(cpu);
      return { totalMs: performance.now() - began, cpuMs: (used.user + used.system) / 1000, orgMs, teamMs, queries: queries - before };
    }

    const cold = await mondayRun();
    const timed: Array<Awaited<ReturnType<typeof mondayRun>>> = [];
    for (let i = 0; i < runs; i++) timed.push(await mondayRun());
    const totals = timed.map((r) => r.totalMs);
    return {
      provider, seedS: Math.round(seedS), counts,
      coldMs: ms(cold.totalMs), medianMs: ms(median(totals)), maxMs: ms(Math.max(...totals)), cpuMedianMs: ms(median(timed.map((r) => r.cpuMs))),
      orgMedianMs: ms(median(timed.map((r) => r.orgMs))), teamMedianMs: ms(median(timed.flatMap((r) => r.teamMs))),
      queriesPerRun: timed[0]!.queries, runs, loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    // After a failure the pool may already be gone: the failure is what should be reported.
    await db.close().catch(() => undefined);
    await database.drop();
  }
}

const results = [];
for (const provider of providers) {
  const r = await run(provider);
  results.push(r);
  console.log(
    `${provider}: Monday's digests (the organisation and ${teamCount} teams) median ${r.medianMs} ms, max ${r.maxMs} ms over ${r.runs} runs ` +
      `(first run ${r.coldMs} ms; this process's CPU ${r.cpuMedianMs} ms); organisation ${r.orgMedianMs} ms, then a team ${r.teamMedianMs} ms; ${r.queriesPerRun} queries a run; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}
// A run on one database keeps the other database's last figures.
const file = join(root, 'bench', 'results', 'digest.json');
const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: Array<{ provider: Provider }> }).results.filter((r) => !providers.includes(r.provider)) : [];
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  file,
  JSON.stringify({ machine: { node: process.version, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length }, targetMs: 1000, week: pastWeek(monday, zone).label, results: [...kept, ...results] }, null, 2) + '\n',
);
process.exit(0);

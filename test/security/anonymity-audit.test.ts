/**
 * Anonymity audit of the whole database after weeks of one team's history (a quarter by default,
 * a year with HEARTH_AUDIT_WEEKS=52), made through Hearth's own flows: a supervisor schedules a
 * weekly pulse, the fixed clock moves week by week and the scheduler's ticks open, remind and
 * close rounds and send Monday's digest; ten agents
 * click their answers (in a different order each week), leave comments, thank each other and make
 * named and anonymous suggestions. Then every table is dumped (all rows, all columns) and searched
 * for anything that ties a pulse answer or comment to a person. Each detector is first shown a
 * planted violation, so a check that cannot fail would fail here.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { questionById, scaleValues } from '../../src/features/pulse/questions.ts';
import type { Provider } from '../../src/infra/db/connection.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { describeEachDatabase } from '../support/db.ts';

/**
 * Weekly rounds to make: a quarter by default, since each week is about thirty clicks and two
 * scheduler ticks and a whole year takes minutes a database; `HEARTH_AUDIT_WEEKS=52` audits a year.
 */
const weeks = Number(process.env.HEARTH_AUDIT_WEEKS ?? '13');
const agents = ['ana.souza', 'chloe.martin', 'emma.wilson', 'grace.lee', 'isla.murphy', 'kiran.patel', 'mateo.rossi', 'omar.aziz', 'quinn.walsh', 'sam.taylor'].map((n) => `${n}@example.com`);
const supervisor = 'sofia.reyes@example.com';
const admin = 'admin@example.com';

type Row = Record<string, unknown>;
/** One click, as the agent made it. */
interface Click { roundId: string; questionId: string; value: number }

/** Every row of every table, as the database returns them for `SELECT *` (its own order). */
async function dumpAll(bot: TestBot, provider: Provider): Promise<Map<string, Row[]>> {
  const db = bot.db.client;
  const tables = provider === 'sqlite'
    ? (await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => r.name)
    : (await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).map((r) => r.name);
  const dump = new Map<string, Row[]>();
  for (const table of tables) dump.set(table, await db.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}"`));
  return dump;
}

const textOf = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/** Rows that contain any of the tokens (a member's id, email, name or platform id). */
function rowsNaming(rows: Row[], tokens: string[]): string[] {
  return rows.flatMap((row) => tokens.filter((token) => textOf(row).includes(token)).map((token) => `${textOf(row)} names ${token}`));
}

/** Columns holding a moment in time: a date, an ISO date-time, or a number of epoch milliseconds. */
function timestampColumns(row: Row): string[] {
  return Object.entries(row)
    .filter(([, v]) => v instanceof Date || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) || ((typeof v === 'number' || typeof v === 'bigint') && Number(v) > 1e11))
    .map(([k]) => k);
}

/**
 * A single chosen answer in a row: `round|question|value` button values naming fewer values than
 * the question offers (a question card offers them all; a row keeping what someone picked, one).
 */
function chosenAnswers(text: string, roundIds: ReadonlySet<string>): string[] {
  const offered = new Map<string, Set<number>>();
  for (const [, roundId, questionId, value] of text.matchAll(/([0-9a-f-]{36})\|([a-z0-9-]+)\|(\d+)/g)) {
    if (!roundIds.has(roundId!)) continue;
    const key = `${roundId}|${questionId}`;
    offered.set(key, (offered.get(key) ?? new Set()).add(Number(value)));
  }
  return [...offered].filter(([key, values]) => {
    const question = questionById(key.split('|')[1]!);
    return question !== undefined && values.size < scaleValues(question.scale).length;
  }).map(([key, values]) => `${key}|${[...values].join(',')}`);
}

/** Rows that hold a chosen answer and name a person: an answer tied to someone. */
function answersTiedToPeople(rows: Row[], roundIds: ReadonlySet<string>, tokens: string[]): string[] {
  return rows.filter((row) => chosenAnswers(textOf(row), roundIds).length > 0 && tokens.some((t) => textOf(row).includes(t))).map(textOf);
}

/** How many (round, question) pairs keep their answers in the order they were clicked. */
function inClickOrder(clicks: Click[], stored: Array<{ roundId: string; questionId: string; value: number }>): number {
  const key = (c: { roundId: string; questionId: string }) => `${c.roundId}|${c.questionId}`;
  const sequence = (list: typeof stored) => {
    const out = new Map<string, number[]>();
    for (const c of list) out.set(key(c), [...(out.get(key(c)) ?? []), c.value]);
    return out;
  };
  const clicked = sequence(clicks);
  const kept = sequence(stored);
  return [...clicked].filter(([k, values]) => values.length > 1 && textOf(kept.get(k)) === textOf(values)).length;
}

/** Closed rounds that still hold their ballot secret. */
const closedWithSecret = (rounds: Row[]) => rounds.filter((r) => r.status === 'closed' && r.secret !== null);

/** Rows (anywhere but the table allowed to hold them) containing any of these texts. */
function rowsContaining(dump: Map<string, Row[]>, texts: string[], except: string[] = []): string[] {
  return [...dump].filter(([table]) => !except.includes(table)).flatMap(([table, rows]) => rows.flatMap((row) => texts.filter((t) => textOf(row).includes(t)).map((t) => `${table}: ${t}`)));
}

/** A seeded shuffle, so each week's click order differs and every run is the same. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describeEachDatabase('anonymity audit of the whole database after weeks of history', (provider) => {
  let bot: TestBot;
  let dump: Map<string, Row[]>;
  const clicks: Click[] = [];
  const comments: string[] = [];
  const secrets: string[] = [];
  const anonymous: Array<{ author: string; text: string; code: string }> = [];
  let personal: string[] = [];
  /** Each person's identifiers, by email. */
  let tokensOf = new Map<string, string[]>();
  let roundIds = new Set<string>();

  beforeAll(async () => {
    const began = Date.now();
    bot = await createTestBot(provider, { demoRoster: true });
    expect(await bot.as(supervisor).says('/pulse schedule weekly fri 16:00 questions:3')).toContain('Pulse for Support A');
    const supportA = await bot.db.client.team.findFirstOrThrow({ where: { name: 'Support A' } });
    const tick = async (at: DateTime) => {
      bot.clock.set(at.toJSDate());
      await bot.app.scheduler.tick();
      await bot.app.deliveries.drain();
    };
    for (let week = 0; week < weeks; week++) {
      const friday = DateTime.fromISO('2026-12-04T00:00:00Z', { zone: 'utc' }).plus({ weeks: week });
      await tick(friday.set({ hour: 16, minute: 1 }));
      const round = await bot.db.client.pulseRound.findFirstOrThrow({ where: { teamId: supportA.id, status: 'open' } });
      secrets.push(round.secret!);
      // Nine of ten answer (a different one sits it out each week), in a different order each week.
      const order = shuffle(agents.map((email, index) => ({ email, index })), week + 1).filter((a) => a.index !== week % agents.length);
      for (const { email, index } of order) {
        for (const questionId of JSON.parse(round.questions) as string[]) {
          const value = questionById(questionId)!.scale === 'enps' ? (index * 3 + week) % 11 : 1 + ((index + week) % 5);
          expect(await bot.as(email).clicks('pulse.answer', `${round.id}|${questionId}|${value}`)).toMatch(/^Thank you|^You have already/);
          clicks.push({ roundId: round.id, questionId, value });
        }
      }
      const text = `Week ${week} note: the ${['headset queue', 'lunch rota', 'night shift', 'callback script'][week % 4]} needs a look (c${week}x)`;
      expect((await bot.as(order[0]!.email).submits('pulse.comment', { comment: text })).text).toContain('recorded anonymously');
      comments.push(text);
      expect(await bot.as(order[1]!.email).says(`/kudos ${order[2]!.email} for stepped-up covered the late queue in week ${week}`)).not.toMatch(/^⚠️/);
      if (week % 4 === 1) expect(await bot.as(order[3]!.email).says(`/suggest A named idea from week ${week}`)).toContain(`#`);
      if (week % 4 === 3) {
        const idea = `An anonymous idea from week ${week} (s${week}x)`;
        const reply = await bot.as(order[4]!.email).says(`/suggest anonymous ${idea}`);
        const [, id, code] = /#(\d+)[\s\S]*`([0-9A-F]{5}-[0-9A-F]{5})`/.exec(reply) ?? [];
        expect(code, reply).toBeDefined();
        anonymous.push({ author: order[4]!.email, text: idea, code: code! });
        // The admin moves it along, so its reviews are audited too.
        expect(await bot.as(admin).says(`/suggest review ${id}`)).not.toMatch(/^⚠️/);
      }
      const monday = friday.plus({ days: 3 });
      // Monday's digest (09:00) runs late at this tick, as after a restart; the round closes at 16:00.
      await tick(monday.set({ hour: 16, minute: 1 }));
      expect((await bot.db.client.pulseRound.findUniqueOrThrow({ where: { id: round.id } })).status).toBe('closed');
    }
    console.info(`anonymity audit [${provider}]: ${weeks} weeks of history made in ${Math.round((Date.now() - began) / 1000)} s`);
    dump = await dumpAll(bot, provider);
    const members = await bot.db.client.member.findMany();
    const identities = await bot.db.client.platformIdentity.findMany();
    tokensOf = new Map(members.map((m) => [m.email, [m.id, m.email, m.name, ...identities.filter((i) => i.memberId === m.id).map((i) => i.externalId)]]));
    personal = [...new Set([...tokensOf.values()].flat())];
    roundIds = new Set(dump.get('PulseRound')!.map((r) => String(r.id)));
  }, 900_000);
  afterAll(async () => bot?.close());

  it('made the history: every round closed, every answer and comment kept', () => {
    expect(dump.get('PulseRound')!.filter((r) => roundIds.has(String(r.id)) && r.status === 'closed')).toHaveLength(weeks);
    expect(dump.get('PulseAnswer')).toHaveLength(clicks.length);
    expect(dump.get('PulseComment')!.map((r) => r.text).sort()).toEqual([...comments].sort());
    expect(dump.get('Kudos')).toHaveLength(weeks);
    expect(dump.get('Suggestion')!.filter((s) => s.anonymous === true || s.anonymous === 1 || s.anonymous === 1n)).toHaveLength(anonymous.length);
  });

  it('keeps no member id, email, name or platform id in any pulse row', () => {
    expect(rowsNaming([{ id: 'x', roundId: 'r', text: `seen by ${personal[0]}` }], personal)).not.toEqual([]);
    for (const table of ['PulseAnswer', 'PulseComment', 'PulseBallot', 'PulseRound']) expect(rowsNaming(dump.get(table)!, personal), table).toEqual([]);
  });

  it('keeps answers, comments and ballots with no timestamp and no column beyond their content', () => {
    expect(timestampColumns({ id: 'a', value: 4, createdAt: new Date() })).toEqual(['createdAt']);
    expect(timestampColumns({ id: 'a', value: 4, at: '2026-12-04 16:01:00' })).toEqual(['at']);
    expect(timestampColumns({ id: 'a', value: 4, at: 1_796_400_000_000 })).toEqual(['at']);
    const columns = { PulseAnswer: 'id,questionId,roundId,value', PulseComment: 'id,roundId,text', PulseBallot: 'id,roundId,token' };
    for (const [table, expected] of Object.entries(columns)) {
      const rows = dump.get(table)!;
      expect(rows.length, table).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => Object.keys(r).sort().join())), table).toEqual(new Set([expected]));
      expect(rows.flatMap(timestampColumns), table).toEqual([]);
    }
  });

  it('keeps no ballot secret: every closed round has none, and no secret a round ever had is anywhere', () => {
    expect(secrets).toHaveLength(weeks);
    expect(secrets.every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
    expect(rowsContaining(new Map([['Planted', [{ payload: `{"k":"${secrets[0]}"}` }]]]), secrets)).not.toEqual([]);
    expect(closedWithSecret([{ status: 'closed', secret: secrets[0] }, { status: 'open', secret: secrets[0] }])).toHaveLength(1);
    expect(closedWithSecret(dump.get('PulseRound')!)).toEqual([]);
    expect(rowsContaining(dump, secrets)).toEqual([]);
    expect(bot.logger.lines.filter((l) => secrets.some((s) => textOf(l).includes(s)))).toEqual([]);
  });

  it('keeps answers in an order that does not follow the order they were given', () => {
    const stored = dump.get('PulseAnswer')!.map((r) => ({ roundId: String(r.roundId), questionId: String(r.questionId), value: Number(r.value) }));
    // Stored in click order, every one of the year's questions would match.
    expect(inClickOrder(clicks, clicks)).toBe(weeks * 3);
    // Shuffled, a question's nine answers come back in click order by chance about once in 10⁴.
    expect(inClickOrder(clicks, stored)).toBeLessThanOrEqual(2);
  });

  it('keeps comment text in the comment table only, and no chosen answer with a person, in deliveries, the audit log, occurrences, playground messages or anywhere else', () => {
    expect(rowsContaining(new Map([['Delivery', [{ payload: `A DM quoting ${comments[0]}` }]]]), comments, ['PulseComment'])).not.toEqual([]);
    expect(rowsContaining(dump, comments, ['PulseComment'])).toEqual([]);
    const [someRound] = roundIds;
    const planted = { key: `dm:${personal[1]}`, payload: `{"value":"${someRound}|workload-1|4"}` };
    expect(answersTiedToPeople([planted], roundIds, personal)).toHaveLength(1);
    // A question card (every value offered) is not a chosen answer.
    expect(answersTiedToPeople([{ ...planted, payload: [1, 2, 3, 4, 5].map((v) => `${someRound}|workload-1|${v}`).join(' ') }], roundIds, personal)).toEqual([]);
    for (const [table, rows] of dump) if (!table.startsWith('Pulse')) expect(answersTiedToPeople(rows, roundIds, personal), table).toEqual([]);
    // The pulse cards were really queued and sent through the delivery table.
    expect(dump.get('Delivery')!.filter((d) => String(d.key).startsWith('pulse.ask:')).length).toBeGreaterThanOrEqual(weeks * agents.length);
  });

  it('keeps no author for anonymous suggestions, and their follow-up codes nowhere', () => {
    expect(anonymous).toHaveLength(Math.floor((weeks + 1) / 4));
    const rows = dump.get('Suggestion')!.filter((s) => anonymous.some((a) => a.text === s.text));
    expect(rows).toHaveLength(anonymous.length);
    expect(rows.filter((s) => s.authorId !== null)).toEqual([]);
    expect(rowsContaining(new Map([['Planted', [{ detail: `code ${anonymous[0]!.code}` }]]]), anonymous.map((a) => a.code))).not.toEqual([]);
    expect(rowsContaining(dump, anonymous.map((a) => a.code))).toEqual([]);
    expect(bot.logger.lines.filter((l) => anonymous.some((a) => textOf(l).includes(a.code)))).toEqual([]);
    // Nothing outside the suggestion row carries an anonymous idea together with its author.
    const tied = (table: string, row: Row) => table !== 'Suggestion' && anonymous.some((a) => textOf(row).includes(a.text) && tokensOf.get(a.author)!.some((t) => textOf(row).includes(t)));
    expect(tied('Delivery', { payload: `${anonymous[0]!.text} from ${anonymous[0]!.author}` })).toBe(true);
    expect([...dump].flatMap(([table, list]) => list.filter((row) => tied(table, row)).map(textOf))).toEqual([]);
  });

  it('writes no answer value and no comment text in any log line', () => {
    const logs = bot.logger.lines.map(textOf);
    expect(logs.length).toBeGreaterThan(0);
    expect(chosenAnswers(`{"msg":"clicked","value":"${[...roundIds][0]}|heard-1|2"}`, roundIds)).toHaveLength(1);
    expect(logs.filter((l) => chosenAnswers(l, roundIds).length > 0)).toEqual([]);
    expect(logs.filter((l) => comments.some((c) => l.includes(c)))).toEqual([]);
  });
});

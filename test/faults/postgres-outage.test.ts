/**
 * PostgreSQL restarted under load: Hearth recovers without losing a command or a scheduled job.
 *
 * The shared PostgreSQL server is not touched: a TCP proxy between Hearth and it cuts every
 * connection and refuses new ones for a few seconds, as a restart does (or, in the second case,
 * an administrator ends Hearth's sessions with pg_terminate_backend). Meanwhile people keep
 * typing slash commands (signed, through Bolt's receiver, answered on their response_url at the
 * fake Slack), messages are being sent, and a gathering's reminder falls due; a Slack DM and a
 * Teams message arrive while it is away. SQLite has no server to lose, so this suite is PostgreSQL only.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { startTicker, type Ticker } from '../../src/infra/ticker.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { readRosterFile } from '../../src/features/roster/roster-file.ts';
import { rsvpAction } from '../../src/features/gathering/messages.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { postgresUrl, unavailable } from '../support/env.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { cardText, startFakeTeams, type FakeTeams } from '../support/fake-teams.ts';
import { createMemoryLogger, type MemoryLogger } from '../support/logger.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { waitFor } from '../support/wait.ts';

const secret = 'outage-signing-secret';
const unreachable = "⚠️ I can't reach my database right now. Please try again in a minute.";
const demo = readRosterFile(demoRosterCsv(), { timezone: 'UTC' });
const roster = demo.ok ? demo.entries : [];
const users = roster.map((m, i) => ({ id: `U${String(i).padStart(8, '0')}`, email: m.email, name: m.name }));
const agents = roster.filter((m) => m.role === 'agent' && m.team === 'Support A').map((m) => m.email);
const idOf = (email: string) => users.find((u) => u.email === email)!.id;
const ana = { email: agents[0]!, aad: '00000000-0000-0000-0000-0000000000a1' };

interface Sent {
  id: string;
  kind: 'whoami' | 'kudos';
  message: string;
}

interface World {
  fake: FakeSlack;
  teams: FakeTeams;
  database: TestDatabase;
  proxy: TcpProxy;
  hearth: RunningHearth;
  ticker: Ticker;
  logger: MemoryLogger;
  clock: ReturnType<typeof createFixedClock>;
}

let world: World | undefined;

async function startWorld(): Promise<World> {
  const fake = await startFakeSlack({ users, limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
  const teams = await startFakeTeams([{ id: '29:1AnaFake', name: 'Ana', aadObjectId: ana.aad, email: ana.email }]);
  const database = await createTestDatabase('postgresql');
  const target = new URL(database.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const logger = createMemoryLogger();
  const clock = createFixedClock('2026-12-01T10:30:00Z');
  const config = loadConfig({
    DATABASE_URL: proxy.rewrite(database.url), SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl, HEARTH_TEAMS_NO_AUTH: '1',
  });
  const hearth = await startHearth({ ...config, PORT: 0 }, { logger, clock });
  expect((await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null)).ok).toBe(true);
  // Hearth's own ticker, ticking every second instead of every minute.
  const ticker = startTicker(hearth.app.scheduler, logger, '* * * * * *');
  return { fake, teams, database, proxy, hearth, ticker, logger, clock };
}

afterEach(async () => {
  if (!world) return;
  const { ticker, hearth, proxy, fake, teams, database } = world;
  world = undefined;
  await ticker.stop();
  await proxy.accept();
  await hearth.stop();
  await proxy.close();
  await fake.close();
  await teams.close();
  await database.drop();
});

let seq = 0;
/** A signed slash command; its answer arrives on its own response_url at the fake Slack. */
async function slash(w: World, email: string, text: string): Promise<string> {
  const id = `r${++seq}`;
  const [command, ...rest] = text.split(' ');
  const body = new URLSearchParams({
    token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: idOf(email),
    user_name: email.split('@')[0]!, command: command!, text: rest.join(' '), api_app_id: 'A0FAKE', is_enterprise_install: 'false',
    response_url: w.fake.responseUrl(id), trigger_id: `${seq}.1.abc`,
  }).toString();
  const ack = await sendSigned(`${w.hearth.url}/slack/events`, body, { secret, contentType: 'application/x-www-form-urlencoded' });
  expect(ack.status).toBe(200);
  return id;
}

/** A signed Events API DM to the bot, as Slack sends it. */
async function dm(w: World, email: string, text: string): Promise<void> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const event = { type: 'message', channel: `D${idOf(email)}`, channel_type: 'im', user: idOf(email), text, ts, event_ts: ts };
  const body = JSON.stringify({ token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: `Ev${seq}`, event_time: 1764579600, event });
  expect((await sendSigned(`${w.hearth.url}/slack/events`, body, { secret, contentType: 'application/json' })).status).toBe(200);
}

/** A Teams personal message to the bot at /api/messages. */
async function teamsMessage(w: World, text: string): Promise<void> {
  const activity = {
    type: 'message', id: `act${++seq}`, timestamp: new Date().toISOString(), serviceUrl: w.teams.serviceUrl, channelId: 'msteams', text,
    from: { id: '29:1AnaFake', name: 'Ana', aadObjectId: ana.aad }, recipient: { id: '28:hearth-bot', name: 'Hearth' },
    conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: `a:personal-${ana.aad}` }, channelData: { tenant: { id: 'tenant-fake' } },
  };
  const response = await fetch(`${w.hearth.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBeLessThan(300);
}

const answers = (w: World, id: string) => w.fake.responses.filter((r) => r.id === id).map((r) => String(r.body.text));
const answerTo = (w: World, id: string) => waitFor(() => answers(w, id)[0], 15_000, `the answer to ${id}`);
const readyz = async (w: World) => (await fetch(`${w.hearth.url}/readyz`)).status;

/** Plans a gathering for tomorrow 19:00 with five people going: its day-of reminder is due at 16:00. */
async function planGathering(w: World): Promise<{ key: string; going: number }> {
  expect(await answerTo(w, await slash(w, agents[0]!, '/gathering plan "Outage hotpot" 2026-12-02 19:00'))).toContain('Planned');
  const gathering = await w.hearth.db.client.gathering.findFirstOrThrow();
  for (const email of agents.slice(1, 5)) {
    const user = { platform: 'slack' as const, workspace: 'T0FAKE1', userId: idOf(email), email };
    await w.hearth.app.handle({ kind: 'action', user, actionId: rsvpAction, value: `${gathering.id}:yes` });
  }
  const going = await w.hearth.db.client.gatheringRsvp.count({ where: { gatheringId: gathering.id, answer: 'yes' } });
  expect(going).toBeGreaterThanOrEqual(5);
  return { key: `gathering.remind:${gathering.id}:day-of`, going };
}

/** Commands every 100 ms until stopped: `/hearth whoami` and kudos, each kudos with words of its own. */
function startLoad(w: World): { stop(): Promise<Sent[]> } {
  const sent: Sent[] = [];
  const pending: Array<Promise<unknown>> = [];
  let n = 0;
  const timer = setInterval(() => {
    n += 1;
    const giver = agents[n % agents.length]!;
    const to = agents[(n + 1) % agents.length]!;
    const message = `thanks for covering the queue, round ${n}`;
    const [kind, text] = n % 2 === 0 ? (['kudos', `/kudos ${to} for stepped-up ${message}`] as const) : (['whoami', '/hearth whoami'] as const);
    pending.push(slash(w, giver, text).then((id) => sent.push({ id, kind, message })));
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return sent;
    },
  };
}

/**
 * Sends what is still queued (sends whose outcome the outage cut short have their lease run out
 * by now), then checks Slack's side: every message due was posted, once. Prompts waiting for a
 * moment someone's shift allows are not due yet.
 */
async function deliverEverything(w: World): Promise<void> {
  // Sends still waiting their turn (Slack's one a second per channel) finish first: the clock
  // jumps past every lease below, and only sends whose outcome was lost should be taken up again.
  let last = '';
  let still = 0;
  await waitFor(async () => {
    const now = `${w.fake.posted.length}:${await w.hearth.db.client.delivery.count({ where: { status: 'sending' } })}`;
    still = now === last ? still + 1 : 0;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return still >= 4;
  }, 90_000, 'sending to settle');
  w.clock.advance(5 * 60_000);
  const now = w.clock.now();
  // Slack's: Teams here has no team installed, so its channel posts fail for good, as they should.
  const waiting = { platform: 'slack' as const, OR: [{ status: { in: ['sending', 'failed'] } }, { status: 'pending', notBefore: { lte: now } }] };
  await waitFor(async () => {
    await w.hearth.app.deliveries.drain();
    return (await w.hearth.db.client.delivery.count({ where: waiting })) === 0;
  }, 60_000, 'every due message sent');
  const rows = await w.hearth.db.client.delivery.findMany({ where: { status: 'sent', platform: 'slack' }, select: { key: true } });
  const posted = w.fake.posted.filter((p) => p.metadata?.event_type === 'hearth_delivery').map((p) => String(p.metadata!.event_payload.key));
  const times = new Map<string, number>();
  for (const key of posted) times.set(key, (times.get(key) ?? 0) + 1);
  expect([...times].filter(([, count]) => count > 1)).toEqual([]);
  expect([...times.keys()].sort()).toEqual(rows.map((r) => r.key).sort());
  expect(rows.length).toBeGreaterThan(20);
}

/** Every command had one answer: what it asked for, or the short "try again" — never silence, never an error page. */
async function checkAnswers(w: World, sent: Sent[]): Promise<{ done: number; refused: number }> {
  let refused = 0;
  for (const s of sent) await answerTo(w, s.id);
  expect(w.logger.lines.filter((l) => l.msg === 'event failed').map((l) => String(l.err))).toEqual([]);
  for (const s of sent) {
    const all = answers(w, s.id);
    expect(all, s.id).toHaveLength(1);
    const answer = all[0]!;
    if (answer === unreachable) {
      refused += 1;
      continue;
    }
    if (s.kind === 'whoami') expect(answer).toMatch(/^You are \*/);
    else {
      expect(answer).toContain('Thank you! Your kudos');
      // Done means done once: one kudos with these words, posted for the team.
      expect(await w.hearth.db.client.kudos.count({ where: { message: s.message } }), s.message).toBe(1);
    }
  }
  for (const s of sent.filter((x) => x.kind === 'kudos')) {
    expect(await w.hearth.db.client.kudos.count({ where: { message: s.message } }), s.message).toBeLessThanOrEqual(1);
  }
  return { done: sent.length - refused, refused };
}

/**
 * The reminder that fell due during the outage ran, after it, and reached everyone going once.
 * `attempts` is 1 when the outage only kept it waiting; a run the outage broke is retried.
 */
async function checkReminder(w: World, reminder: { key: string; going: number }, attempts = 1): Promise<void> {
  const occurrence = await waitFor(
    async () => {
      const o = await w.hearth.db.client.occurrence.findUniqueOrThrow({ where: { key: reminder.key } });
      return o.status === 'done' ? o : undefined;
    },
    20_000,
    'the reminder to run',
  );
  expect(occurrence.attempts).toBeLessThanOrEqual(attempts);
  const dms = await w.hearth.db.client.delivery.count({ where: { key: { startsWith: `${reminder.key}:` } } });
  expect(dms).toBe(reminder.going);
}

describe.skipIf(unavailable('postgres') !== undefined)('PostgreSQL restarted under load [postgresql]', () => {
  it('refuses connections for 3 s: commands are done once or told to try again, /readyz goes 503 then 200, the due job runs once after', async () => {
    const w = (world = await startWorld());
    const reminder = await planGathering(w);
    expect(await readyz(w)).toBe(200);
    const load = startLoad(w);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    await w.proxy.refuse();
    // The reminder falls due while the database is away.
    w.clock.set('2026-12-02T16:00:10Z');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = await fetch(`${w.hearth.url}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ status: 'not ready', database: 'unreachable' });
    // A DM to the bot and a Teams message are answered too, though their answers normally go
    // through the delivery queue, which is in the database.
    await dm(w, agents[1]!, 'hearth whoami');
    await teamsMessage(w, 'hearth whoami');
    await waitFor(() => w.fake.posted.some((p) => p.channel === `D${idOf(agents[1]!)}` && p.text === unreachable), 5000, 'the answer to the DM');
    await waitFor(() => w.teams.sent.some((s) => s.conversationId === `a:personal-${ana.aad}` && cardText(s) === unreachable), 5000, 'the answer in Teams');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await w.hearth.db.client.occurrence.findUnique({ where: { key: reminder.key } }).catch((error: unknown) => error)).toMatchObject({ code: 'unavailable' });
    await w.proxy.accept();

    await waitFor(async () => (await readyz(w)) === 200, 10_000, '/readyz to recover');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = await load.stop();
    const { done, refused } = await checkAnswers(w, sent);
    // Some commands were caught by the outage, and many were done around it.
    expect(refused).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(0);
    // After recovery commands work again.
    expect(await answerTo(w, await slash(w, agents[3]!, '/hearth whoami'))).toMatch(/^You are \*/);
    await checkReminder(w, reminder);
    await deliverEverything(w);
    // The scheduler and the delivery loop said why they paused, and carried on.
    expect(w.logger.lines.some((l) => l.msg === 'scheduler tick failed; the next tick retries')).toBe(true);
  }, 120_000);

  it("ends Hearth's sessions with pg_terminate_backend under load: the same guarantees", async () => {
    const w = (world = await startWorld());
    const reminder = await planGathering(w);
    const name = new URL(w.database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const load = startLoad(w);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      w.clock.set('2026-12-02T16:00:10Z');
      let ended = 0;
      for (let i = 0; i < 10; i += 1) {
        const result = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        ended += result.rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expect(ended).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sent = await load.stop();
      await checkAnswers(w, sent);
      expect(await readyz(w)).toBe(200);
      // A run whose session was ended is retried two minutes later (by Hearth's clock).
      w.clock.set('2026-12-02T16:05:00Z');
      await checkReminder(w, reminder, 2);
      await deliverEverything(w);
    } finally {
      await admin.end();
    }
  }, 120_000);
});

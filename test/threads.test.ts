/**
 * `npm start`'s Hearth, as a process (built, as npm start runs it): the edge (HTTP port, Slack's receiver) in the main thread
 * and the core in a worker thread, linked by messages. Everything that crosses between them is
 * checked here once, through the real endpoints: a slash command (acknowledged by the edge,
 * answered by the core on its response_url), a modal whose field errors travel back into Slack's
 * acknowledgement, a Teams message through /api/messages, the metrics the edge reports, readiness,
 * a start that fails in the core, and SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/infra/db/store.ts';
import { importRoster } from '../src/features/roster/import.ts';
import { demoRosterCsv } from '../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { cardText, startFakeTeams, type FakeTeams } from './support/fake-teams.ts';
import { waitFor } from './support/wait.ts';
import { buildIfStale, npmScript } from './support/cli.ts';

/** Linux's scheduling policies, as /proc gives them. */
const sched = { other: 0, idle: 5 };

const root = join(import.meta.dirname, '..');
const secret = 'threads-signing-secret-0123456789';
const ana = { slack: 'U00FAKEANA', aad: '00000000-0000-0000-0000-0000000000a1', email: 'ana.souza@example.com' };
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** `npm start`'s own command line (package.json): the build in dist/, with this environment. */
function npmStart(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, npmScript('start'), {
    cwd: root,
    env: { ...process.env, HEARTH_DEMO_SEED: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('npm start: the edge and the core in two threads', () => {
  let slack: FakeSlack;
  let teams: FakeTeams;
  let database: TestDatabase;
  let hearth: ReturnType<typeof npmStart>;
  let url: string;
  let seq = 0;

  beforeAll(async () => {
    buildIfStale();
    slack = await startFakeSlack({ users: [{ id: ana.slack, email: ana.email, name: 'ana' }] });
    teams = await startFakeTeams([{ id: '29:1AnaFake', name: 'Ana Souza', aadObjectId: ana.aad, email: ana.email }]);
    database = await createTestDatabase('sqlite');
    const db = await database.open();
    const store = createPrismaStore(db.client);
    const org = await store.ensureOrganization({ name: 'Hearth', timezone: 'UTC', locale: 'en', currency: 'USD' });
    expect((await importRoster(store, org, demoRosterCsv(), null)).ok).toBe(true);
    await db.close();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    hearth = npmStart({
      DATABASE_URL: database.url, PORT: String(port), SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl,
      HEARTH_TEAMS_NO_AUTH: '1',
    });
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 30_000, 'Hearth to be ready');
  }, 60_000);
  afterAll(async () => {
    hearth?.child.kill('SIGKILL');
    await slack?.close();
    await teams?.close();
    await database?.drop();
  });

  const slash = async (text: string) => {
    const id = `t${++seq}`;
    const [command, ...rest] = text.split(' ');
    const body = new URLSearchParams({
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: ana.slack, user_name: 'ana',
      command: command!, text: rest.join(' '), api_app_id: 'A0FAKE', response_url: slack.responseUrl(id), trigger_id: `${seq}.1.abc`,
    }).toString();
    const ack = await sendSigned(`${url}/slack/events`, body, { secret, contentType: 'application/x-www-form-urlencoded' });
    return { ack, answer: () => waitFor(() => slack.responses.find((r) => r.id === id)?.body.text, 10_000, `the answer to ${text}`) };
  };

  it('acknowledges a slash command on the edge, and the core answers it on its response_url', async () => {
    const { ack, answer } = await slash('/hearth whoami');
    expect(ack.status).toBe(200);
    expect(await answer()).toMatch(/^You are \*Ana Souza\* \(ana\.souza@example\.com\), agent in Support A\./);
  });

  it.runIf(process.platform === 'linux')('runs every thread but the edge’s at a lower priority, so acknowledgements go first', async () => {
    const { pid } = hearth.child;
    // Fields after the command's closing parenthesis: nice is the 17th, the scheduling policy the 39th.
    const stat = (tid: string) => {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ');
      return { nice: Number(fields[16]), policy: Number(fields[38]) };
    };
    const threads = readdirSync(`/proc/${pid}/task`);
    const others = threads.filter((tid) => tid !== String(pid)).map(stat);
    // The edge, the core, and V8's and libuv's helpers.
    expect(threads.length).toBeGreaterThan(2);
    expect(stat(String(pid))).toEqual({ nice: 0, policy: sched.other });
    expect(others.map((s) => s.nice)).toEqual(others.map(() => 10));
    // The core's own thread gives way to the edge at once (SCHED_IDLE, set with util-linux's chrt); the helpers
    // only by their nice value, since they also collect the edge's garbage.
    const chrt = spawnSync('chrt', ['--version']).status === 0;
    expect(others.filter((s) => s.policy === sched.idle)).toHaveLength(chrt ? 1 : 0);
    expect(others.filter((s) => s.policy === sched.other)).toHaveLength(others.length - (chrt ? 1 : 0));
  });

  it('puts the core’s field errors into a modal’s acknowledgement', async () => {
    const submit = await sendSigned(
      `${url}/slack/events`,
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'view_submission', team: { id: 'T0FAKE1', domain: 'fake' }, user: { id: ana.slack, username: 'ana', team_id: 'T0FAKE1' },
          api_app_id: 'A0FAKE', token: 'legacy', trigger_id: '9.9.9',
          view: {
            id: 'V1', type: 'modal', callback_id: 'hearth.settings', private_metadata: '',
            state: { values: { locale: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'English' }, value: 'en' } } }, timezone: { value: { type: 'plain_text_input', value: 'Europe/Londn' } } } },
          },
        }),
      }).toString(),
      { secret, contentType: 'application/x-www-form-urlencoded' },
    );
    expect(submit.status).toBe(200);
    expect(await submit.json()).toEqual({ response_action: 'errors', errors: { timezone: 'time zone `Europe/Londn` is not an IANA zone such as Europe/London' } });
  });

  it('hands a Teams message to the core and its answer reaches Teams', async () => {
    const activity = {
      type: 'message', id: 'act-threads', timestamp: new Date().toISOString(), serviceUrl: teams.serviceUrl, channelId: 'msteams', text: 'hearth whoami',
      from: { id: '29:1AnaFake', name: 'Ana Souza', aadObjectId: ana.aad }, recipient: { id: '28:hearth-bot', name: 'Hearth' },
      conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: `a:personal-${ana.aad}` }, channelData: { tenant: { id: 'tenant-fake' } },
    };
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(response.status).toBeLessThan(300);
    const reply = await waitFor(() => teams.sent.find((s) => s.conversationId === `a:personal-${ana.aad}`), 10_000, 'the Teams answer');
    expect(cardText(reply)).toMatch(/^You are \*Ana Souza\*/);
  });

  it('counts the edge’s responses in the core’s metrics, and answers 404 from the core', async () => {
    expect((await fetch(`${url}/no-such-page`)).status).toBe(404);
    const line = await waitFor(
      async () => (await (await fetch(`${url}/metrics`)).text()).split('\n').find((l) => l.startsWith('hearth_http_request_duration_seconds_count{route="/slack/events",method="POST",status="200"}')),
      5000,
      'the edge’s observations in /metrics',
    );
    expect(Number(line.split(' ').at(-1))).toBeGreaterThanOrEqual(2);
  });

  it('stops on SIGTERM: says so, and exits 0', async () => {
    hearth.child.kill('SIGTERM');
    expect(await hearth.exited).toBe(0);
    expect(hearth.output()).toContain('"msg":"shutting down"');
  });

  it('says why when the core cannot start, and exits 1', async () => {
    const port = await freePort();
    const broken = npmStart({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', PORT: String(port), LOG_LEVEL: 'silent' });
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toMatch(/^Hearth could not start: /m);
  }, 30_000);
});

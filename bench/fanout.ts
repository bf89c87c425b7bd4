/**
 * Fan-out: a supervisor's `/pulse now` (a signed slash command through Bolt's HTTP receiver) asks
 * every agent of a team reachable on both Slack and Teams, against the local fake Slack and fake
 * Bot Connector, which enforce the platforms' published limits and answer 429 beyond them:
 *
 *   Slack chat.postMessage: one a second per channel; 600 a minute per workspace (Slack gives no
 *     number, "several hundred messages per minute"; Hearth and the fake both assume 600).
 *   Teams: 7 a second, 8 in 2 s, 60 in 30 s per conversation; 30 a second per tenant.
 *
 * Each agent has their own DM, so the workspace and tenant limits set the floor: N messages at c
 * per second cannot finish sooner than (⌈N / c⌉ − 1) seconds. Measured from the slash command to
 * the last message taken; also counted: 429s, and every agent's message arriving exactly once.
 * Hearth runs as `npm start` runs it (built, its core in a worker thread), in a process of its
 * own; the fakes, which stand for Slack's and Microsoft's servers, run in this one.
 *
 *   npm run bench:fanout                      10,000 agents, SQLite (and PostgreSQL when TEST_DATABASE_URL is set)
 *   npm run bench:fanout -- --members 600     a quicker run
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Provider } from '../src/infra/db/connection.ts';
import { createDeliveryQueue } from '../src/infra/db/delivery-queue.ts';
import { createPrismaStore } from '../src/infra/db/store.ts';
import { importRoster } from '../src/features/roster/import.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { postgresUrl } from '../test/support/env.ts';
import { sendSigned, startFakeSlack } from '../test/support/fake-slack.ts';
import { startFakeTeams } from '../test/support/fake-teams.ts';
import { freePort, startHearthProcess, stopChild, waitUntilReady } from './support/children.ts';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { members: { type: 'string', default: '10000' }, db: { type: 'string' } } });
const members = Number(values.members);
const providers: Provider[] = values.db ? [values.db as Provider] : postgresUrl ? ['sqlite', 'postgresql'] : ['sqlite'];
const slackPerSecond = 10;
const teamsPerSecond = 30;
const secret = 'bench-signing-secret';
const aad = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const slackId = (i: number) => `U${String(i).padStart(9, '0')}`;

interface PlatformResult {
  messages: number;
  floorS: number;
  tookS: number;
  ratio: number;
  calls: number;
  status429: number;
  share429: number;
  lost: number;
  duplicated: number;
}

async function run(provider: Provider): Promise<{ provider: Provider; seedS: number; answeredS: number | null; firstS: { slack: number; teams: number }; slack: PlatformResult; teams: PlatformResult }> {
  const database = await createTestDatabase(provider);
  const fakeSlack = await startFakeSlack({ users: [{ id: 'U0SUPER', email: 'super@floor.example', name: 'Sam Super' }] });
  const fakeTeams = await startFakeTeams([]);
  const port = await freePort();
  const hearth = startHearthProcess({
    env: {
      DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fakeSlack.apiUrl, HEARTH_TEAMS_NO_AUTH: '1', HEARTH_PLAYGROUND: 'off', LOG_LEVEL: 'warn',
    },
  });
  const hearthUrl = `http://127.0.0.1:${port}`;
  // The bench's own connection, to seed and to watch the queue (Hearth has its own).
  const db = openDatabase(database.url);
  try {
    await waitUntilReady(`${hearthUrl}/readyz`, hearth);
    const seeding = performance.now();
    const rows = ['name,email,role,team,timezone,shift pattern,locale', 'Sam Super,super@floor.example,supervisor,Floor,UTC,,en'];
    for (let i = 0; i < members; i++) rows.push(`Agent ${i},agent${i}@floor.example,agent,Floor,UTC,,en`);
    const store = createPrismaStore(db.client);
    const org = await store.ensureOrganization({ name: 'Hearth', timezone: 'UTC', locale: 'en' });
    const imported = await importRoster(store, org, rows.join('\n'), null);
    if (!imported.ok) throw new Error('the roster did not import');
    // Everyone already known on both platforms (as after a roster sync and a Teams install).
    const client = db.client;
    const agents = await client.member.findMany({ where: { role: 'agent' }, select: { id: true, email: true } });
    const index = (email: string) => Number(/^agent(\d+)@/.exec(email)![1]);
    const workspace = async (platform: 'slack' | 'teams') => (await client.workspace.findFirstOrThrow({ where: { platform } })).id;
    const slackWs = await workspace('slack');
    const teamsWs = await workspace('teams');
    for (let i = 0; i < agents.length; i += 1000) {
      const chunk = agents.slice(i, i + 1000);
      await client.platformIdentity.createMany({ data: chunk.map((a) => ({ memberId: a.id, workspaceId: slackWs, externalId: slackId(index(a.email)) })) });
      await client.platformIdentity.createMany({ data: chunk.map((a) => ({ memberId: a.id, workspaceId: teamsWs, externalId: aad(index(a.email)) })) });
      await client.conversationRef.createMany({
        data: chunk.map((a) => {
          const id = aad(index(a.email));
          const reference = {
            channelId: 'msteams', serviceUrl: fakeTeams.serviceUrl, bot: { id: '28:hearth-bot', name: 'Hearth' },
            user: { id: `29:${id}`, aadObjectId: id }, conversation: { id: `a:personal-${id}`, conversationType: 'personal', tenantId: 'tenant-fake' },
          };
          return { platform: 'teams' as const, workspace: 'default', key: `user:${id}`, reference: JSON.stringify(reference) };
        }),
      });
    }
    const seedS = (performance.now() - seeding) / 1000;

    const body = new URLSearchParams({
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U0SUPER',
      user_name: 'sam', command: '/pulse', text: 'now team:"Floor"', api_app_id: 'A0FAKE', response_url: fakeSlack.responseUrl('bench'), trigger_id: '1.1.bench',
    }).toString();
    const started = Date.now();
    const ack = await sendSigned(`${hearthUrl}/slack/events`, body, { secret, contentType: 'application/x-www-form-urlencoded' });
    if (ack.status !== 200) throw new Error(`the slash command was answered ${ack.status}`);

    const slackAsks = () => fakeSlack.posted.filter((p) => String(p.metadata?.event_payload.key ?? '').startsWith('pulse.ask:'));
    const teamsAsks = () => fakeTeams.sent.filter((s) => s.conversationId.startsWith('a:personal-'));
    const deadline = started + (members / Math.min(slackPerSecond, teamsPerSecond)) * 3000 + 120_000;
    let lastReport = 0;
    for (;;) {
      const done = slackAsks().length >= members && teamsAsks().length >= members;
      const counts = await createDeliveryQueue(db.client).counts();
      if (done && counts.pending + counts.sending === 0) break;
      if (Date.now() > deadline) throw new Error(`timed out: ${slackAsks().length} Slack and ${teamsAsks().length} Teams of ${members}`);
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        process.stderr.write(`  ${provider}: ${Math.round((Date.now() - started) / 1000)} s, Slack ${slackAsks().length}, Teams ${teamsAsks().length}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A moment more, so a late duplicate would be counted.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const summarize = (times: number[], keys: string[], calls: number, status429: number, perSecond: number): PlatformResult => {
      const floorS = Math.ceil(members / perSecond) - 1;
      const tookS = (Math.max(...times) - started) / 1000;
      const distinct = new Set(keys).size;
      return {
        messages: keys.length, floorS, tookS: Math.round(tookS * 10) / 10, ratio: Math.round((tookS / floorS) * 1000) / 1000,
        calls, status429, share429: Math.round((status429 / calls) * 10_000) / 100, lost: members - distinct, duplicated: keys.length - distinct,
      };
    };
    const answered = fakeSlack.responses.find((r) => r.id === 'bench');
    const seconds = (at: number) => Math.round((at - started) / 100) / 10;
    const firstS = { slack: seconds(Math.min(...slackAsks().map((p) => p.at))), teams: seconds(Math.min(...teamsAsks().map((p) => p.at))) };
    const answeredS = answered ? seconds(answered.at) : null;
    process.stderr.write(`  first Slack ${firstS.slack} s, first Teams ${firstS.teams} s; command answered after ${answeredS ?? '?'} s\n`);
    const slackPosts = fakeSlack.calls.filter((c) => c.method === 'chat.postMessage');
    const slack = summarize(
      slackAsks().map((p) => p.at), slackAsks().map((p) => p.channel),
      slackPosts.length, slackPosts.filter((c) => c.status === 429).length, slackPerSecond,
    );
    const teams = summarize(
      teamsAsks().map((s) => s.at), teamsAsks().map((s) => s.conversationId),
      fakeTeams.statuses.length, fakeTeams.statuses.filter((s) => s === 429).length, teamsPerSecond,
    );
    return { provider, seedS: Math.round(seedS), answeredS, firstS, slack, teams };
  } finally {
    await stopChild(hearth);
    await db.close();
    await fakeSlack.close();
    await fakeTeams.close();
    await database.drop();
  }
}

const results = [];
for (const provider of providers) {
  const r = await run(provider);
  results.push(r);
  for (const [name, p] of [['Slack', r.slack], ['Teams', r.teams]] as const) {
    console.log(
      `${provider} ${name}: ${p.messages} messages in ${p.tookS} s, floor ${p.floorS} s (×${p.ratio}); ` +
        `429s ${p.status429} of ${p.calls} calls (${p.share429}%); lost ${p.lost}, duplicated ${p.duplicated}`,
    );
  }
}
if (members >= 10_000) {
  // One file for both databases, each run replacing its own provider's figures.
  const file = join(root, 'bench', 'results', 'fanout.json');
  const kept = (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: typeof results }).results : []).filter((r) => !providers.includes(r.provider));
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ machine: { node: process.version, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length }, members, limits: { slackPerSecond, teamsPerSecond }, results: [...kept, ...results] }, null, 2) + '\n',
  );
}
process.exit(0);

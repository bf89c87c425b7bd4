/**
 * Whole Hearths driven through each adapter's real entry point, for suites that must give the
 * same answer on every platform: the playground's API, Slack's signed events through Bolt's HTTP
 * receiver, and Teams' activities through botbuilder's /api/messages. Each speaks as a person
 * (by roster email) and returns the text of the reply that person reads.
 *
 * Replies are told apart from anything else Hearth sends on its own (invitations, notices to
 * admins): the playground answers in the response; Slack replies to a DM in the DM channel while
 * Hearth's own DMs are posted to the user id; in Teams, `conversation: 'channel'` speaks with an
 * @mention in a channel of the person's own, where nothing else is posted.
 */
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { Provider } from '../../src/infra/db/connection.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { readRosterFile } from '../../src/features/roster/roster-file.ts';
import { unescapeSlack } from '../../adapters/slack/parse.ts';
import { createTestDatabase } from './db.ts';
import { sendSigned, startFakeSlack } from './fake-slack.ts';
import { cardText, startFakeTeams } from './fake-teams.ts';
import { createMemoryLogger } from './logger.ts';
import { waitFor } from './wait.ts';

export interface Harness {
  says(email: string, text: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The database engine; SQLite unless said. */
  provider?: Provider;
  /** People the platform knows who are not on Hearth's roster. */
  strangers?: Array<{ email: string; name: string }>;
  /** Teams only: a personal chat (the default) or a channel of the person's own, by @mention. */
  conversation?: 'personal' | 'channel';
}

const demo = readRosterFile(demoRosterCsv(), { timezone: 'UTC' });
/** The demo call centre every harness starts with. */
export const demoRoster = demo.ok ? demo.entries : [];

async function startWithDemoRoster(env: Record<string, string>, provider: Provider): Promise<{ hearth: RunningHearth; drop(): Promise<void> }> {
  const database = await createTestDatabase(provider);
  const hearth = await startHearth({ ...loadConfig({ DATABASE_URL: database.url, ...env }), PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
  if (!hearth.playground) await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
  return { hearth, drop: () => database.drop() };
}

export async function createPlaygroundHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { hearth, drop } = await startWithDemoRoster({}, options.provider ?? 'sqlite');
  return {
    async says(email, text) {
      const res = await fetch(`${hearth.url}/playground/api/command`, { method: 'POST', body: JSON.stringify({ as: email, text }) });
      const body = (await res.json()) as { replies: Array<{ text: string }> };
      return body.replies.map((r) => r.text).join('\n');
    },
    async close() {
      await hearth.stop();
      await drop();
    },
  };
}

export async function createSlackHarness(options: HarnessOptions = {}): Promise<Harness> {
  const secret = 'contract-signing-secret';
  const users = [...demoRoster, ...(options.strangers ?? [])].map((m, i) => ({ id: `U${String(i).padStart(8, '0')}`, email: m.email, name: m.name }));
  const fake = await startFakeSlack({ users, limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
  const { hearth, drop } = await startWithDemoRoster({ SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl }, options.provider ?? 'sqlite');
  let seq = 0;
  return {
    async says(email, text) {
      const user = users.find((u) => u.email === email)!;
      const channel = `D${user.id.slice(1)}`;
      const before = fake.posted.filter((p) => p.channel === channel).length;
      const ts = `1764579600.${String(++seq).padStart(6, '0')}`;
      const envelope = {
        token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: `EvC${seq}`, event_time: 1764579600,
        event: { type: 'message', channel, channel_type: 'im', user: user.id, text, ts, event_ts: ts },
      };
      await sendSigned(`${hearth.url}/slack/events`, JSON.stringify(envelope), { secret, contentType: 'application/json' });
      const reply = await waitFor(() => fake.posted.filter((p) => p.channel === channel)[before], 5000, `a Slack reply to "${text}"`);
      return unescapeSlack(reply.text);
    },
    async close() {
      await hearth.stop();
      await fake.close();
      await drop();
    },
  };
}

export async function createTeamsHarness(options: HarnessOptions = {}): Promise<Harness> {
  const members = [...demoRoster, ...(options.strangers ?? [])].map((m, i) => ({ id: `29:${i}`, name: m.name, aadObjectId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, email: m.email }));
  const fake = await startFakeTeams(members, { limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
  const { hearth, drop } = await startWithDemoRoster({ HEARTH_TEAMS_NO_AUTH: '1' }, options.provider ?? 'sqlite');
  const bot = { id: '28:hearth', name: 'Hearth' };
  const channel = options.conversation === 'channel';
  let seq = 0;
  return {
    async says(email, text) {
      const m = members.find((x) => x.email === email)!;
      const conversation = channel ? `19:hearth-${m.aadObjectId}@thread.tacv2` : `a:personal-${m.aadObjectId}`;
      const before = fake.sent.length;
      await fetch(`${hearth.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: `c${++seq}`, serviceUrl: fake.serviceUrl, channelId: 'msteams',
          from: { id: m.id, name: m.name, aadObjectId: m.aadObjectId }, recipient: bot,
          conversation: { conversationType: channel ? 'channel' : 'personal', tenantId: 'tenant-fake', id: conversation },
          ...(channel
            ? { text: `<at>Hearth</at> ${text}`, entities: [{ type: 'mention', text: '<at>Hearth</at>', mentioned: bot }], channelData: { tenant: { id: 'tenant-fake' }, team: { id: '19:team-fake@thread.tacv2' } } }
            : { text }),
        }),
      });
      const reply = await waitFor(() => fake.sent.slice(before).find((x) => x.conversationId === conversation), 5000, `a Teams reply to "${text}"`);
      return cardText(reply);
    },
    async close() {
      await hearth.stop();
      await fake.close();
      await drop();
    },
  };
}

/** Every platform's harness, by name. */
export const harnesses: Array<[string, (options?: HarnessOptions) => Promise<Harness>]> = [
  ['playground', createPlaygroundHarness],
  ['slack', createSlackHarness],
  ['teams', createTeamsHarness],
];

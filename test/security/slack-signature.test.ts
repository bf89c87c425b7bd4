/**
 * Slack's request signing, with NODE_ENV=production, through Bolt's real HTTP receiver: only a
 * request signed with the app's secret over exactly this body, in the v0 scheme, within five
 * minutes of now (either way), is handled. Anything else is a 401 and leaves no trace: no answer,
 * no Slack API call, not one row written. (A plainly wrong signature and a timestamp six minutes
 * old are covered by test/slack/slack-http.test.ts.)
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { rowCounts } from '../support/rows.ts';
import { waitFor } from '../support/wait.ts';

const secret = '8f14e45fceea167a5a36dedd4bea2543';
const contentType = 'application/x-www-form-urlencoded';

describeEachDatabase('Slack request signatures in production (Bolt HTTP receiver)', (provider) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let events: string;
  let seq = 0;

  const now = () => Math.floor(Date.now() / 1000);
  const hmac = (version: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${version}:${timestamp}:${body}`).digest('hex');
  /** `/hearth whoami` from Ana, as Slack posts it, with its own response_url. */
  const whoami = () => {
    const id = `sig${++seq}`;
    const body = new URLSearchParams({
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U00FAKEANA',
      user_name: 'ana', command: '/hearth', text: 'whoami', api_app_id: 'A0FAKE', response_url: fake.responseUrl(id), trigger_id: `${seq}.1.abc`,
    }).toString();
    return { id, body };
  };
  const post = (body: string, headers: Record<string, string>) => fetch(events, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });

  beforeAll(async () => {
    fake = await startFakeSlack({ users: [{ id: 'U00FAKEANA', email: 'ana.souza@example.com', name: 'ana' }] });
    database = await createTestDatabase(provider);
    const config = loadConfig({ DATABASE_URL: database.url, NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
    events = `${hearth.url}/slack/events`;
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  const refused: Array<[string, (body: string) => { body: string; headers: Record<string, string> }]> = [
    ['a correctly signed timestamp ten minutes in the future', (body) => {
      const ts = now() + 600;
      return { body, headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${hmac('v0', ts, body)}` } };
    }],
    ['no signature header', (body) => ({ body, headers: { 'x-slack-request-timestamp': String(now()) } })],
    ['no timestamp header', (body) => ({ body, headers: { 'x-slack-signature': `v0=${hmac('v0', now(), body)}` } })],
    ['neither header', (body) => ({ body, headers: {} })],
    ['a timestamp that is not a number', (body) => ({ body, headers: { 'x-slack-request-timestamp': 'soon', 'x-slack-signature': `v0=${hmac('v0', now(), body)}` } })],
    ['a valid signature replayed over an altered body', (body) => {
      const ts = now();
      return { body: body.replace('text=whoami', 'text=roster'), headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${hmac('v0', ts, body)}` } };
    }],
    ['a signature in another version scheme (v1=)', (body) => {
      const ts = now();
      return { body, headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v1=${hmac('v1', ts, body)}` } };
    }],
    ['a signature without its version prefix', (body) => {
      const ts = now();
      return { body, headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': hmac('v0', ts, body) } };
    }],
  ];

  for (const [name, forge] of refused) {
    it(`refuses ${name} with 401 and handles nothing`, async () => {
      const rows = await rowCounts(hearth.db.client);
      const calls = fake.calls.length;
      const command = whoami();
      const { body, headers } = forge(command.body);
      const res = await post(body, headers);
      expect(res.status).toBe(401);
      expect(fake.responses.find((r) => r.id === command.id)).toBeUndefined();
      expect(fake.calls.length).toBe(calls);
      expect(await rowCounts(hearth.db.client)).toEqual(rows);
    });
  }

  it('handles the same command correctly signed, and then none of the refused ones had been', async () => {
    const rows = await rowCounts(hearth.db.client);
    const command = whoami();
    const res = await sendSigned(events, command.body, { secret, contentType });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.responses.find((r) => r.id === command.id)?.body, 5000, 'the answer');
    expect(reply.text).toBe('You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.');
    // Ana was seen for the first time now: her Slack identity is recorded, so nothing before got this far.
    expect((await rowCounts(hearth.db.client)).PlatformIdentity).toBe(rows.PlatformIdentity! + 1);
    expect(fake.responses).toHaveLength(1);
  });
});

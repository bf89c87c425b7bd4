/**
 * The logs of a whole run, at the most verbose level, hold no token or secret, no email address,
 * nothing anyone wrote (a kudos message, a suggestion) and no pulse answer: Hearth with Slack
 * connected (against the fake), the playground, a pulse round answered, recognition given, a
 * suggestion made, a bad signature and a stranger turned away.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { waitFor } from '../support/wait.ts';

const botToken = 'xoxb-fake-token';
const signingSecret = 'audit-signing-secret-8d1f';
const metricsToken = 'audit-metrics-token-5c2e9a';

describe('a full run’s logs', () => {
  let database: TestDatabase;
  let fake: FakeSlack;
  let hearth: RunningHearth;
  let log = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString();
      done();
    },
  });
  const call = async (path: string, body: unknown) =>
    (await fetch(`${hearth.url}/playground/api/${path}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{ replies: Array<{ text: string }> }>;
  type Feed = { messages: Array<{ message: { text: string; blocks: Array<{ type: string; actions?: Array<{ id: string; value: string }> }> } }> };
  const feed = async (as: string) => ((await (await fetch(`${hearth.url}/playground/api/feed?as=${as}&after=0`)).json()) as Feed).messages;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    fake = await startFakeSlack({ token: botToken, users: [{ id: 'U0ANA', email: 'ana.souza@example.com', name: 'Ana Souza' }] });
    const config = loadConfig({
      DATABASE_URL: database.url, SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: fake.apiUrl,
      HEARTH_PLAYGROUND: 'on', HEARTH_METRICS_TOKEN: metricsToken,
    });
    // Friday 16:45 in London, just after Ana's shift: her pulse prompt goes at once.
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createLogger('trace', sink), clock: createFixedClock('2026-12-04T16:45:00Z') });
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  it('hold no secret, no address, nobody’s words and no pulse answer', async () => {
    const kudos = 'stayed late untangling the zebra-cactus refund';
    const suggestion = 'Quiet room for the marmalade-shift agents';
    // Slack fails Ana's prompt once: a retry is logged, with the error.
    fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await call('command', { as: 'sofia.reyes@example.com', text: '/pulse now' })).replies[0]!.text).toMatch(/^Pulse round opened for Support A/);
    const card = await waitFor(async () => (await feed('ana.souza@example.com')).find((m) => m.message.blocks.some((b) => b.actions?.some((a) => a.id === 'pulse.answer'))), 5000, 'the pulse card');
    const answers = card.message.blocks.flatMap((b) => b.actions ?? []).filter((a) => a.id === 'pulse.answer');
    const answer = answers[answers.length - 1]!;
    expect((await call('action', { as: 'ana.souza@example.com', actionId: answer.id, value: answer.value })).replies[0]!.text).toMatch(/^Thank you/);
    await call('command', { as: 'ana.souza@example.com', text: `/kudos ben.carter@example.com for customer-hero ${kudos}` });
    await call('command', { as: 'ana.souza@example.com', text: `/suggest ${suggestion}` });
    // A forged Slack request, and a Slack user who is not on the roster.
    await sendSigned(`${hearth.url}/slack/events`, 'command=%2Fhearth&text=whoami', { secret: 'not-the-secret', contentType: 'application/x-www-form-urlencoded' });
    await sendSigned(
      `${hearth.url}/slack/events`,
      new URLSearchParams({ team_id: 'T0FAKE1', channel_id: 'C1', user_id: 'U0STRANGER', command: '/hearth', text: 'whoami', response_url: fake.responseUrl('audit'), trigger_id: '1.1.x' }).toString(),
      { secret: signingSecret, contentType: 'application/x-www-form-urlencoded' },
    );
    await waitFor(() => fake.responses.find((r) => r.id === 'audit'), 5000, 'the stranger’s answer');
    await fetch(`${hearth.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    await hearth.app.deliveries.drain();

    // The run did log (so the test can fail), at every level down to trace, failures included.
    const messages = log.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['database migrated', 'demo call centre seeded', 'delivery will be retried']));
    for (const secret of [botToken, signingSecret, metricsToken]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(log).not.toContain('zebra-cactus');
    expect(log).not.toContain('marmalade');
    expect(log).not.toContain(answer.value);
  });
});

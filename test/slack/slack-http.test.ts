/**
 * Slack through Bolt's real HTTP receiver: signed requests in Slack's payload shapes in, a fake
 * Slack Web API out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createMemoryLogger, type MemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

const secret = 'f00dfeedcafe0123456789abcdef';
const users = [
  { id: 'U00FAKEANA', email: 'ana.souza@example.com', name: 'ana' },
  { id: 'U00FAKESOFIA', email: 'sofia.reyes@example.com', name: 'sofia' },
  { id: 'U00FAKEADMIN', email: 'admin@example.com', name: 'admin' },
  { id: 'U00FAKEWANG', email: 'wang.fang@example.com', name: 'wang' },
  { id: 'U00STRANGER', email: 'stranger@elsewhere.example', name: 'stranger' },
];

describe('Slack over HTTP (Bolt receiver, fake Slack Web API)', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let logger: MemoryLogger;
  let events: string;
  let seq = 0;

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const slash = (user: string, command: string, text: string) => {
    const id = `r${++seq}`;
    const body = form({
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general',
      user_id: user, user_name: user.toLowerCase(), command, text, api_app_id: 'A0FAKE', is_enterprise_install: 'false',
      response_url: fake.responseUrl(id), trigger_id: `${seq}.1.abc`,
    });
    return { id, send: () => sendSigned(events, body, { secret, contentType: 'application/x-www-form-urlencoded' }) };
  };
  const event = (event: Record<string, unknown>, eventId = `Ev${++seq}`, headers: Record<string, string> = {}) =>
    sendSigned(
      events,
      JSON.stringify({ token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: eventId, event_time: 1764579600, event }),
      { secret, contentType: 'application/json', headers },
    );
  const responseTo = (id: string) => waitFor(() => fake.responses.find((r) => r.id === id)?.body, 5000, `response ${id}`);

  beforeAll(async () => {
    fake = await startFakeSlack({ users });
    database = await createTestDatabase('sqlite');
    logger = createMemoryLogger();
    const config = loadConfig({ DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger, clock: systemClock });
    const outcome = await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
    expect(outcome.ok).toBe(true);
    events = `${hearth.url}/slack/events`;
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  it('starts without the playground once Slack is configured, knowing its workspace from auth.test', () => {
    expect(hearth.playground).toBe(false);
    expect(hearth.app.adapters.map((a) => [a.platform, a.workspace])).toEqual([['slack', 'T0FAKE1']]);
  });

  it('answers Slack’s url_verification challenge', async () => {
    const res = await sendSigned(events, JSON.stringify({ token: 'legacy', challenge: 'c0ffee', type: 'url_verification' }), { secret, contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c0ffee' });
  });

  it('rejects a bad signature and a timestamp older than five minutes', async () => {
    const body = form({ team_id: 'T0FAKE1', user_id: 'U00FAKEANA', command: '/hearth', text: 'whoami', response_url: fake.responseUrl('x') });
    const forged = await sendSigned(events, body, { secret, contentType: 'application/x-www-form-urlencoded', signature: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    const stale = await sendSigned(events, body, { secret, contentType: 'application/x-www-form-urlencoded', timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(fake.responses.find((r) => r.id === 'x')).toBeUndefined();
  });

  it('acknowledges a slash command at once and answers ephemerally, matching the person by email', async () => {
    const command = slash('U00FAKEANA', '/hearth', 'whoami');
    const started = Date.now();
    const res = await command.send();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const reply = await responseTo(command.id);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toBe('You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.');
    expect(fake.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
    // Known from now on: no second users.info for the same person.
    const again = slash('U00FAKEANA', '/hearth', 'whoami');
    await again.send();
    await responseTo(again.id);
    expect(fake.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
  });

  it('still answers when users.info is rate limited once, waiting as Slack asks', async () => {
    fake.failNext('users.info', { status: 429, retryAfter: 1 });
    const command = slash('U00FAKESOFIA', '/hearth', 'whoami');
    await command.send();
    expect((await responseTo(command.id)).text).toContain('You are *Sofia Reyes*');
    expect(fake.calls.filter((c) => c.method === 'users.info' && c.status === 429)).toHaveLength(1);
  });

  it('answers once on a response_url that first drops the connection, then answers 503, then 429', async () => {
    const tries = () => fake.calls.filter((c) => c.method === 'response_url').map((c) => c.status);
    const before = tries().length;
    fake.failNext('response_url', { drop: true }, { status: 503 });
    const first = slash('U00FAKEANA', '/hearth', 'whoami');
    await first.send();
    expect((await responseTo(first.id)).text).toContain('You are *Ana Souza*');
    expect(tries().slice(before)).toEqual([0, 503, 200]);

    fake.failNext('response_url', { status: 429, retryAfter: 1 });
    const second = slash('U00FAKEANA', '/hearth', 'whoami');
    const sent = Date.now();
    await second.send();
    await responseTo(second.id);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1000);
    expect(tries().slice(before + 3)).toEqual([429, 200]);
    expect(fake.responses.filter((r) => r.id === first.id || r.id === second.id)).toHaveLength(2);
    // Each repeated try is a warning that says why, without the URL (a credential).
    const warnings = logger.lines.filter((l) => l.msg === 'slack: a reply on the response_url failed; trying again');
    expect(warnings.map((l) => [l.attempt, l.status ?? l.cause])).toEqual([[1, 'UND_ERR_SOCKET'], [2, 503], [1, 429]]);
    expect(warnings.find((l) => l.waitMs === 1000)).toBeDefined();
    expect(JSON.stringify(warnings)).not.toContain('/respond/');
  });

  it('gives up on a response_url after three failed tries, and on a used-up one at once, saying so in the log', async () => {
    const tries = () => fake.calls.filter((c) => c.method === 'response_url').length;
    const failures = () => logger.lines.filter((l) => l.msg === 'slack: an event could not be handled').map((l) => String((l.err as Error).message));
    let before = tries();
    fake.failNext('response_url', { drop: true }, { drop: true }, { drop: true });
    const lost = slash('U00FAKEANA', '/hearth', 'whoami');
    await lost.send();
    await waitFor(() => failures().find((m) => m.includes('could not be reached (3 tries)')), 5000, 'the log line');
    expect(tries() - before).toBe(3);
    expect(fake.responses.find((r) => r.id === lost.id)).toBeUndefined();

    // Slack takes five replies on one response_url; the sixth is answered 404 used_url.
    const body = (n: number) => form({
      team_id: 'T0FAKE1', user_id: 'U00FAKEANA', user_name: 'ana', command: '/hearth', text: 'whoami', response_url: fake.responseUrl('reused'), trigger_id: `${n}.9.abc`,
    });
    for (let n = 1; n <= 5; n++) await sendSigned(events, body(n), { secret, contentType: 'application/x-www-form-urlencoded' });
    await waitFor(() => fake.responses.filter((r) => r.id === 'reused').length === 5 || undefined, 5000, 'five replies');
    before = tries();
    await sendSigned(events, body(6), { secret, contentType: 'application/x-www-form-urlencoded' });
    await waitFor(() => failures().find((m) => m.includes('answered 404 used_url')), 5000, 'the used_url line');
    expect(tries() - before).toBe(1);
  });

  it('gives usage and permission errors as ephemeral replies, in the person’s language', async () => {
    const typo = slash('U00FAKEANA', '/hearth', 'rosterz');
    await typo.send();
    expect((await responseTo(typo.id)).text).toContain('Usage:');
    const forbidden = slash('U00FAKEWANG', '/hearth', 'roster');
    await forbidden.send();
    expect((await responseTo(forbidden.id)).text).toBe('⚠️ `hearth roster` 仅限主管使用；你的角色是坐席。\n请联系 林晓。');
  });

  it('explains to a Slack user not on the roster and tells the admin once, by DM', async () => {
    for (let i = 0; i < 2; i++) {
      const command = slash('U00STRANGER', '/hearth', 'whoami');
      await command.send();
      expect((await responseTo(command.id)).text).toContain("I can't find you on Hearth's roster (stranger@elsewhere.example)");
    }
    const told = await waitFor(() => fake.posted.filter((p) => p.channel === 'U00FAKEADMIN' && p.text.includes('stranger@elsewhere.example')).length > 0 && fake.posted.filter((p) => p.channel === 'U00FAKEADMIN'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(told.filter((p) => p.text.includes('stranger@elsewhere.example'))).toHaveLength(1);
  });

  it('answers a DM in the DM, and handles a retried event (X-Slack-Retry-Num) once', async () => {
    const dm = { type: 'message', channel: 'D00FAKEANA', channel_type: 'im', user: 'U00FAKEANA', text: 'hearth teams', ts: '1764579600.000100', event_ts: '1764579600.000100' };
    expect((await event(dm, 'EvDM1')).status).toBe(200);
    expect((await event(dm, 'EvDM1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await waitFor(() => fake.posted.some((p) => p.channel === 'D00FAKEANA'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replies = fake.posted.filter((p) => p.channel === 'D00FAKEANA');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('*Support A*: 11 people');
    expect(replies[0]!.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('imports a roster CSV an admin uploads in the DM with `hearth roster import`, reading it with the bot token', async () => {
    const csv = 'name,email,role,team,timezone,shift\nRita Rowe,rita.rowe@example.com,agent,Support A,,Mon-Fri 08:00-16:30\n';
    const upload = (file: ReturnType<FakeSlack['hostFile']>, ts: string) =>
      event({ type: 'message', subtype: 'file_share', channel: 'D00FAKEADMIN', channel_type: 'im', user: 'U00FAKEADMIN', text: 'hearth roster import', files: [file], ts, event_ts: ts });
    const replies = () => fake.posted.filter((p) => p.channel === 'D00FAKEADMIN').map((p) => p.text);
    const before = replies().length;
    expect((await upload(fake.hostFile('roster.csv', csv), '1764579650.000100')).status).toBe(200);
    expect(await waitFor(() => replies()[before], 5000, 'the import reply')).toBe('Roster imported: 1 added, 0 updated, 0 unchanged, 0 new teams.');
    // Without the files:read scope Slack sends its sign-in page: said plainly, nothing imported.
    await upload(fake.hostFile('roster.csv', csv.replace(/Rita Rowe/g, 'Rita Two'), { withoutScope: true }), '1764579651.000100');
    expect(await waitFor(() => replies()[before + 1], 5000, 'the second reply')).toMatch(/^⚠️ I couldn't read `roster.csv` from the chat\./);
    // The token is never sent to a link outside Slack.
    await upload({ ...fake.hostFile('roster.csv', csv), url_private_download: 'http://127.0.0.1:9/steal' }, '1764579652.000100');
    expect(await waitFor(() => replies()[before + 2], 5000, 'the third reply')).toMatch(/^⚠️ I couldn't read `roster.csv`/);
  });

  it('ignores its own and other bots’ messages', async () => {
    const before = fake.posted.length;
    await event({ type: 'message', channel: 'D00FAKEANA', channel_type: 'im', user: 'U0BOT', bot_id: 'B0BOT', text: 'hearth teams', ts: '1764579601.000100' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.posted.length).toBe(before);
  });

  it('answers an @mention in a channel in its thread', async () => {
    await event({ type: 'app_mention', channel: 'C0GENERAL', user: 'U00FAKESOFIA', text: '<@U0BOT> hearth whoami', ts: '1764579602.000200', event_ts: '1764579602.000200' });
    const reply = await waitFor(() => fake.posted.find((p) => p.channel === 'C0GENERAL' && p.thread_ts === '1764579602.000200'));
    expect(reply.text).toContain('You are *Sofia Reyes*');
  });

  it('runs a button (block_actions, payload=) through the core and answers ephemerally', async () => {
    const payload = {
      type: 'block_actions', user: { id: 'U00FAKEANA', username: 'ana', team_id: 'T0FAKE1' }, api_app_id: 'A0FAKE', token: 'legacy',
      container: { type: 'message', message_ts: '1764579600.000100', channel_id: 'D00FAKEANA', is_ephemeral: false },
      trigger_id: '1.2.3', team: { id: 'T0FAKE1', domain: 'fake' }, channel: { id: 'D00FAKEANA', name: 'directmessage' },
      response_url: fake.responseUrl('button-1'),
      actions: [{ action_id: 'hearth.whoami#0', block_id: 'b1', text: { type: 'plain_text', text: 'Show my profile' }, value: '-', type: 'button', action_ts: '1764579603.1' }],
    };
    const res = await sendSigned(events, form({ payload: JSON.stringify(payload) }), { secret, contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(await responseTo('button-1')).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('You are *Ana Souza*') });
  });

  it('answers a button on App Home, which has no response_url, in the person’s DM', async () => {
    const payload = {
      type: 'block_actions', user: { id: 'U00FAKEANA', username: 'ana', team_id: 'T0FAKE1' }, api_app_id: 'A0FAKE', token: 'legacy',
      container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home' },
      trigger_id: '1.2.4', team: { id: 'T0FAKE1', domain: 'fake' },
      actions: [{ action_id: 'hearth.whoami#0', block_id: 'b1', text: { type: 'plain_text', text: 'Show my profile' }, value: '-', type: 'button', action_ts: '1764579603.2' }],
    };
    const before = fake.posted.length;
    const res = await sendSigned(events, form({ payload: JSON.stringify(payload) }), { secret, contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.posted.slice(before).find((p) => p.channel === 'U00FAKEANA'));
    expect(reply.text).toContain('You are *Ana Souza*');
  });

  it('opens /hearth settings as a modal and shows a bad value’s error on its field', async () => {
    const command = slash('U00FAKEANA', '/hearth', 'settings');
    await command.send();
    const modal = await waitFor(() => fake.opened.at(-1));
    expect(modal.view).toMatchObject({ type: 'modal', callback_id: 'hearth.settings', title: { text: 'Your Hearth settings' }, submit: { text: 'Save' }, close: { text: 'Cancel' } });
    const blocks = modal.view.blocks as Array<{ type: string; block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }>;
    expect(blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['locale', 'timezone']);
    expect(blocks.find((b) => b.block_id === 'timezone')?.element?.initial_value).toBe('Europe/London');
    expect(blocks.find((b) => b.block_id === 'locale')?.element?.initial_option?.value).toBe('en');

    const submit = (timezone: string) =>
      sendSigned(
        events,
        form({
          payload: JSON.stringify({
            type: 'view_submission', team: { id: 'T0FAKE1', domain: 'fake' }, user: { id: 'U00FAKEANA', username: 'ana', team_id: 'T0FAKE1' },
            api_app_id: 'A0FAKE', token: 'legacy', trigger_id: '9.9.9',
            view: {
              id: 'V1', type: 'modal', callback_id: 'hearth.settings', private_metadata: '',
              state: { values: { locale: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'English' }, value: 'en' } } }, timezone: { value: { type: 'plain_text_input', value: timezone } } } },
            },
          }),
        }),
        { secret, contentType: 'application/x-www-form-urlencoded' },
      );
    const rejected = await submit('Europe/Londn');
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toEqual({ response_action: 'errors', errors: { timezone: 'time zone `Europe/Londn` is not an IANA zone such as Europe/London' } });
    const accepted = await submit('America/New_York');
    expect(accepted.status).toBe(200);
    const confirmation = await waitFor(() => fake.posted.find((p) => p.channel === 'U00FAKEANA' && p.text.startsWith('Saved:')));
    expect(confirmation.text).toBe('Saved: language English, time zone America/New_York.');
  });

  it('publishes App Home in the person’s language when they open it', async () => {
    await event({ type: 'app_home_opened', user: 'U00FAKEWANG', channel: 'D00FAKEWANG', tab: 'home', event_ts: '1764579604.000100' });
    const view = await waitFor(() => fake.views.find((v) => v.user_id === 'U00FAKEWANG'));
    expect(view.view.type).toBe('home');
    expect(view.view.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '王芳 的 Hearth' } });
  });

  it('waits out a 429 Retry-After on delivery, then delivers once', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const sofia = (await createPrismaStore(hearth.db.client).findMemberByEmail(hearth.app.org.id, 'sofia.reyes@example.com'))!;
    await hearth.app.messenger.toMember(sofia, { text: 'rate limited hello', blocks: [{ type: 'text', text: 'rate limited hello' }] }, 'test:429');
    const delivered = await waitFor(() => fake.posted.find((p) => p.text === 'rate limited hello'), 6000);
    expect(delivered.channel).toBe('U00FAKESOFIA');
    expect(delivered.metadata).toEqual({ event_type: 'hearth_delivery', event_payload: { key: 'test:429:slack:T0FAKE1' } });
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(fake.posted.filter((p) => p.text === 'rate limited hello')).toHaveLength(1);
  });
});

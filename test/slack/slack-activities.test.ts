/**
 * The activities end to end through Slack: slash commands with Slack's escaped mentions
 * (`<@U…|name>`), channel announcements with buttons, and a click on one, all through Bolt's
 * real receiver against the fake Slack Web API.
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
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

const secret = 'activities-signing-secret';
const users = [
  { id: 'U00FAKEANA', email: 'ana.souza@example.com', name: 'ana' },
  { id: 'U00FAKECHLOE', email: 'chloe.martin@example.com', name: 'chloe' },
  { id: 'U00FAKESOFIA', email: 'sofia.reyes@example.com', name: 'sofia' },
  { id: 'U00FAKEWANG', email: 'wang.fang@example.com', name: 'wang' },
];

describe('activities through Slack (Bolt receiver, fake Slack Web API)', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let events: string;
  let seq = 0;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  /** Sends a signed slash command and returns the text of its ephemeral answer. */
  async function slash(user: string, command: string, text: string): Promise<string> {
    const id = `a${++seq}`;
    const body = form({
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: user,
      user_name: user.toLowerCase(), command, text, api_app_id: 'A0FAKE', is_enterprise_install: 'false', response_url: fake.responseUrl(id), trigger_id: `${seq}.1.abc`,
    });
    const res = await sendSigned(events, body, { secret, contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const answer = await waitFor(() => fake.responses.find((r) => r.id === id)?.body, 5000, `the answer to ${command} ${text}`);
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    return (answer as { text: string }).text;
  }

  beforeAll(async () => {
    fake = await startFakeSlack({ users, limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    expect((await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null)).ok).toBe(true);
    events = `${hearth.url}/slack/events`;
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  it('resolves Slack’s escaped mentions to roster members', async () => {
    expect(await slash('U00FAKEANA', '/lunch', 'avoid <@U00FAKECHLOE|chloe>')).toBe(
      'Noted, privately: you won’t be grouped with Chloe Martin. Nobody else can see this, including Chloe Martin.',
    );
    expect((await slash('U00FAKEANA', '/lunch', 'avoid <@U0NOBODY|ghost>')).split('\n')[0]).toBe(
      "⚠️ I can't find `@ghost` on the roster. Mention them (@name) or use their email.",
    );
  });

  it('plans a gathering: the team channel gets the card with buttons, and a click records the RSVP', async () => {
    const year = new Date().getUTCFullYear() + 1;
    expect(await slash('U00FAKEANA', '/gathering', `plan "Slack hotpot" ${year}-01-15 19:00 place:"Haidilao"`)).toContain(`Planned “Slack hotpot” on ${year}-01-15 at 19:00 for Support A`);
    const card = await waitFor(() => fake.posted.find((p) => p.channel === 'support-a' && p.text.includes('Slack hotpot')), 5000, 'the channel card');
    const actions = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!;
    const yes = actions.elements![0]!;
    const payload = {
      type: 'block_actions', user: { id: 'U00FAKECHLOE', username: 'chloe', team_id: 'T0FAKE1' }, api_app_id: 'A0FAKE', token: 'legacy',
      container: { type: 'message', message_ts: '1764579600.000100', channel_id: 'C0SUPPORTA', is_ephemeral: false }, trigger_id: '9.9.9',
      team: { id: 'T0FAKE1', domain: 'fake' }, channel: { id: 'C0SUPPORTA', name: 'support-a' }, response_url: fake.responseUrl('rsvp-1'),
      actions: [{ action_id: yes.action_id, block_id: 'b1', text: { type: 'plain_text', text: 'I’m in' }, value: yes.value, type: 'button', action_ts: '1764579603.1' }],
    };
    await sendSigned(events, form({ payload: JSON.stringify(payload) }), { secret, contentType: 'application/x-www-form-urlencoded' });
    const answer = await waitFor(() => fake.responses.find((r) => r.id === 'rsvp-1' && (r.body as { replace_original?: boolean }).replace_original === false)?.body, 5000, 'the RSVP answer');
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: `You’re in for “Slack hotpot” on ${year}-01-15 at 19:00. 2 going.` });
    // The channel card itself now shows the new count, for everyone.
    const card2 = fake.responses.find((r) => r.id === 'rsvp-1' && (r.body as { replace_original?: boolean }).replace_original === true)?.body as { text: string; blocks: Array<{ type: string; elements?: Array<{ text: string }> }> };
    expect(JSON.stringify(card2.blocks)).toContain('2 going so far');
    expect(await slash('U00FAKESOFIA', '/gathering', 'who')).toBe('“Slack hotpot”: 2 going: Ana Souza, Chloe Martin');
    // Another team's people do not see it as theirs.
    expect((await slash('U00FAKEWANG', '/gathering', 'who')).split('\n')[0]).toBe('⚠️ 没有可以执行此操作的聚会。');
  });

  /** Clicks a button Slack shows in a message, as Slack sends it: `payload=` block_actions. */
  async function click(user: string, button: { action_id: string; value: string }, responseId: string): Promise<string> {
    const payload = {
      type: 'block_actions', user: { id: user, username: user.toLowerCase(), team_id: 'T0FAKE1' }, api_app_id: 'A0FAKE', token: 'legacy',
      container: { type: 'message', message_ts: '1764579600.000100', channel_id: `D${user.slice(1)}`, is_ephemeral: false }, trigger_id: '8.8.8',
      team: { id: 'T0FAKE1', domain: 'fake' }, channel: { id: `D${user.slice(1)}`, name: 'directmessage' }, response_url: fake.responseUrl(responseId),
      actions: [{ action_id: button.action_id, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: button.value, type: 'button', action_ts: '1764579603.1' }],
    };
    await sendSigned(events, form({ payload: JSON.stringify(payload) }), { secret, contentType: 'application/x-www-form-urlencoded' });
    const answer = await waitFor(() => fake.responses.find((r) => r.id === responseId && (r.body as { replace_original?: boolean }).replace_original === false)?.body, 5000, `the answer to ${button.action_id}`);
    return (answer as { text: string }).text;
  }

  const buttonsIn = (post: { blocks?: unknown }) =>
    ((post.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')?.elements ?? []);

  it('runs a shared lunch from Slack: set up, the opt-in button in a DM, skip, status, holidays respected', async () => {
    expect(await slash('U00FAKESOFIA', '/hearth', 'hours breaks:12:30-13:00')).toContain('breaks 12:30-13:00');
    // Ana works no fixed shifts here, so prompts reach her at once whatever the time of day this runs.
    await hearth.db.client.shift.deleteMany({ where: { member: { email: 'ana.souza@example.com' } } });
    const setup = await slash('U00FAKESOFIA', '/lunch', 'schedule day:thu time:12:15 every:2 size:4 place:"Canteen"');
    expect(setup).toMatch(/^Shared lunch for Support A: every 2 weeks on Thursday at 12:15, groups of about 4, at Canteen\.\nNext lunch: \d{4}-\d\d-\d\d 12:15\./);
    // The opt-in invitation is a prompt: it reaches Ana in a moment her shift allows, as a DM with a button.
    const dm = await waitFor(() => fake.posted.find((p) => p.channel === 'U00FAKEANA' && p.text.startsWith('Would you like to join the shared lunches?')), 10_000, 'the opt-in DM');
    expect(await click('U00FAKEANA', buttonsIn(dm)[0]!, 'join-1')).toMatch(/^You’re in\. Next lunch: \d{4}-\d\d-\d\d 12:15;/);
    expect(await slash('U00FAKEANA', '/lunch', 'skip')).toMatch(/^You’ll sit out the next lunch \(\d{4}-\d\d-\d\d 12:15\)\.$/);
    expect(await slash('U00FAKEANA', '/lunch', 'status')).toContain('You are sitting out the next lunch.');
    expect((await slash('U00FAKEANA', '/lunch', 'pause until 2020-01-01')).split('\n')[0]).toBe('⚠️ 2020-01-01 has already passed.');
  });

  it('takes a pulse answer from a Slack button and keeps it anonymous', async () => {
    await hearth.db.client.shift.deleteMany({ where: { member: { email: 'chloe.martin@example.com' } } });
    expect(await slash('U00FAKESOFIA', '/pulse', 'now questions:2')).toMatch(/^Pulse round opened for Support A: 10 agents asked/);
    const dm = await waitFor(() => fake.posted.find((p) => p.channel === 'U00FAKECHLOE' && p.text.startsWith('How are things?')), 10_000, 'the pulse DM');
    const buttons = buttonsIn(dm);
    // The first question's fourth button, then the same question again.
    const four = (dm.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).filter((b) => b.type === 'actions')[0]!.elements![3]!;
    expect(four.value).toMatch(/\|4$/);
    expect(await click('U00FAKECHLOE', four, 'pulse-1')).toBe('Thank you: recorded anonymously. Nobody, your supervisor included, can see who answered what.');
    // The DM's card now marks the first question as answered, without saying what the answer was.
    const marked = fake.responses.find((r) => r.id === 'pulse-1' && (r.body as { replace_original?: boolean }).replace_original === true)?.body as { blocks: unknown[] };
    expect(JSON.stringify(marked.blocks)).toContain('✓ Answered, anonymously');
    expect(JSON.stringify(marked.blocks)).not.toContain(four.value);
    expect(await click('U00FAKECHLOE', four, 'pulse-2')).toBe('You have already answered that question in this round.');
    expect(buttons.length).toBeGreaterThan(0);
    const answers = await hearth.db.client.pulseAnswer.findMany();
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers)).not.toMatch(/U00FAKECHLOE|chloe/);
  });

  it('posts kudos and takes an anonymous suggestion from slash commands, with mentions', async () => {
    expect(await slash('U00FAKEANA', '/kudos', '<@U00FAKECHLOE|chloe> for great idea the callback script')).toBe('Thank you! Your kudos to Chloe Martin for great idea is posted for the team to see.');
    await waitFor(() => fake.posted.find((p) => p.channel === 'support-a' && p.text.startsWith('Ana Souza thanks Chloe Martin')), 5000, 'the kudos card');
    const answer = await slash('U00FAKECHLOE', '/suggest', 'anonymous A shared calendar of who is on which queue');
    expect(answer).toMatch(/^Thank you! Anonymous suggestion #1 is with the oversight group\./);
    // Answered ephemerally through Slack's response URL: nothing of it was queued on Hearth's side.
    expect(await hearth.db.client.delivery.count({ where: { payload: { contains: 'Anonymous suggestion' } } })).toBe(0);
    expect((await hearth.db.client.suggestion.findFirstOrThrow()).authorId).toBeNull();
  });

  it('schedules a role swap from Slack and refuses an agent, in their language', async () => {
    const year = new Date().getUTCFullYear() + 1;
    expect(await slash('U00FAKESOFIA', '/rotation', `schedule manager-for-a-day month:${year}-03`)).toContain(`Scheduled manager for a day for Support A in ${year}-03`);
    await waitFor(() => fake.posted.find((p) => p.channel === 'support-a' && p.text.includes(`manager for a day in Support A, ${year}-03`)), 5000, 'the announcement');
    expect(await slash('U00FAKEWANG', '/rotation', `schedule manager-for-a-day month:${year}-03`)).toBe('⚠️ `rotation schedule` 仅限主管使用；你的角色是坐席。\n请联系 林晓。');
  });
});

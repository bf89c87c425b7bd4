/**
 * Issue 8, at the HTTP edge of a Hearth running Slack and Teams at once: correctly signed Slack
 * requests of every wrong shape (slash commands with odd fields, events of the wrong type,
 * interactivity payloads with broken JSON) through Bolt's real receiver, and any JSON, or none,
 * to botbuilder's /api/messages. None may earn a 5xx, crash the process, or fail inside the core;
 * afterwards Hearth still answers an ordinary command on both platforms.
 *
 * Requests go in concurrent batches: Bolt leaves a body it cannot classify unanswered for its
 * 3-second acknowledgement window, and batches let those windows overlap.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { cardText, startFakeTeams, type FakeTeams } from '../support/fake-teams.ts';
import { createMemoryLogger, type MemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';
import { anyBody, anyText, plausible, wrongType } from './inputs.ts';

const runs = Number(process.env.HEARTH_FC_RUNS) ? Math.ceil(Number(process.env.HEARTH_FC_RUNS) / 16) : 6;
const batch = 16;
const secret = 'fuzz-signing-secret-0123456789';
const ana = { slack: 'U00FAKEANA', teams: { id: '29:1AnaFake', name: 'Ana Souza', aadObjectId: '00000000-0000-0000-0000-0000000000a1', email: 'ana.souza@example.com' } };

describe('hostile requests to Slack’s and Teams’ endpoints', () => {
  let slack: FakeSlack;
  let teams: FakeTeams;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let logger: MemoryLogger;
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    slack = await startFakeSlack({ users: [{ id: ana.slack, email: ana.teams.email, name: 'ana' }] });
    teams = await startFakeTeams([ana.teams]);
    database = await createTestDatabase('sqlite');
    logger = createMemoryLogger();
    const env = { DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl, HEARTH_TEAMS_NO_AUTH: '1' };
    hearth = await startHearth({ ...loadConfig(env), PORT: 0 }, { logger, clock: systemClock });
    expect(hearth.app.adapters.map((a) => a.platform).sort()).toEqual(['slack', 'teams']);
    const outcome = await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
    expect(outcome.ok).toBe(true);
  });
  afterAll(async () => {
    await hearth?.stop();
    await slack?.close();
    await teams?.close();
    await database?.drop();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  /** A form-encoded value: whatever was generated, as the text a form field carries. */
  const asField = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  const form = (fields: Record<string, unknown>) => new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, asField(v)])).toString();

  const slashCommand = plausible({
    command: fc.constantFrom('/hearth', '/kudos', '/suggest', 'hearth', '/', '/x y'),
    text: anyText,
    user_id: fc.constantFrom(ana.slack, 'U0NOBODY', ''),
    team_id: fc.constantFrom('T0FAKE1', 'T0OTHER', ''),
    channel_id: fc.constantFrom('C0GENERAL', ''),
    response_url: fc.constantFrom('respond', 'not a url', ''),
    trigger_id: fc.string(),
  }).map((fields) => ({ ...fields, response_url: fields.response_url === 'respond' ? slack.responseUrl('fuzz') : fields.response_url }));

  /**
   * Interactivity payloads: the envelope Bolt routes on (type, user, team, a view with its id) is
   * always there, as Slack always sends it; everything Hearth reads inside is hostile.
   */
  const envelope = { user: { id: ana.slack, username: 'ana', team_id: 'T0FAKE1' }, team: { id: 'T0FAKE1' }, api_app_id: 'A0FAKE', trigger_id: '1.1.x' };
  const view = (callbackId: fc.Arbitrary<unknown>) =>
    fc.record({ callback_id: callbackId, state: fc.oneof(wrongType, plausible({ values: fc.oneof(wrongType, fc.dictionary(fc.string(), fc.dictionary(fc.string(), wrongType))) })), private_metadata: anyText })
      .map((v) => ({ id: 'V0FUZZ', type: 'modal', ...v }));
  const interactivity = fc.oneof(
    fc.array(plausible({ action_id: fc.constantFrom('hearth.whoami#0', 'gathering.rsvp#1', '#', ''), value: anyText, block_id: fc.string() }), { minLength: 1, maxLength: 2 })
      .map((actions) => ({ ...envelope, type: 'block_actions', response_url: slack.responseUrl('fuzz'), actions: actions.map((a) => ({ type: 'button', ...a })) })),
    view(fc.oneof(fc.constantFrom('kudos.give', 'suggest.form', 'hearth.settings', 'nope'), anyText)).map((v) => ({ ...envelope, type: 'view_submission', view: v })),
    view(fc.string()).map((v) => ({ ...envelope, type: 'view_closed', view: v })),
    fc.string().map((callbackId) => ({ ...envelope, type: 'shortcut', callback_id: callbackId })),
  ).map((payload) => JSON.stringify(payload));

  const event = plausible({
    type: fc.constantFrom('message', 'app_mention', 'app_home_opened', 'member_joined_channel', 'function_executed'),
    user: fc.constantFrom(ana.slack, 'U0NOBODY'), channel: fc.constantFrom('D0ANA', 'C0GENERAL'), channel_type: fc.constantFrom('im', 'channel'),
    text: anyText, ts: fc.constantFrom('1764579600.000100'), tab: fc.constantFrom('home', 'messages'),
  });

  /** One signed Slack request: a slash command, an interactivity payload (maybe broken JSON), an event, or anything. */
  const slackRequest = fc.oneof(
    slashCommand.map((fields) => ({ type: 'form', body: form(fields) })),
    interactivity.map((json) => ({ type: 'form', body: form({ payload: json }) })),
    fc.tuple(interactivity, fc.nat()).map(([json, at]) => ({ type: 'form', body: form({ payload: json.slice(0, at % (json.length + 1)) }) })),
    fc.tuple(fc.oneof(event, fc.object()).map((e) => ({ ...e, user: typeof e.user === 'string' ? e.user : 'U0NOBODY' })), fc.string()).map(([e, id]) => ({ type: 'json', body: JSON.stringify({ type: 'event_callback', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', event_id: `Ev${id}`, event_time: 1764579600, event: e }) ?? '' })),
    fc.json().map((body) => ({ type: 'json', body })),
    plausible({ type: fc.constant('url_verification'), challenge: wrongType, ssl_check: fc.constant('1') }).map((body) => ({ type: 'json', body: JSON.stringify(body) })),
    fc.tuple(anyText, fc.constantFrom('json', 'form')).map(([body, type]) => ({ type, body })),
  );

  const teamsActivity = plausible({
    type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', ''),
    id: fc.string(), serviceUrl: fc.constantFrom('teams', 'not a url', ''), channelId: fc.constantFrom('msteams', 'emulator'),
    from: plausible({ id: fc.constantFrom(ana.teams.id, '29:nobody', ''), name: anyText, aadObjectId: fc.constantFrom(ana.teams.aadObjectId, '') }),
    recipient: plausible({ id: fc.constantFrom('28:hearth-bot'), name: fc.constant('Hearth') }),
    conversation: plausible({ id: fc.constantFrom(`a:personal-${ana.teams.aadObjectId}`, '19:x@thread.tacv2', ''), conversationType: fc.constantFrom('personal', 'channel'), tenantId: fc.constant('tenant-fake') }),
    text: anyText, name: fc.constantFrom('adaptiveCard/action', 'task/fetch'), action: fc.constantFrom('add', 'remove'),
    value: fc.oneof(wrongType, plausible({ hearth: plausible({ action: fc.constantFrom('hearth.whoami', 'gathering.rsvp'), value: wrongType, form: fc.constantFrom('kudos.give') }) }), plausible({ action: plausible({ type: fc.constant('Action.Execute'), data: wrongType }) })),
    entities: fc.array(plausible({ type: fc.constant('mention'), text: fc.constantFrom('<at>Hearth</at>', '<at>x</at>'), mentioned: wrongType }), { maxLength: 2 }),
    membersAdded: fc.array(wrongType, { maxLength: 2 }),
  }).map((a) => ({ ...a, ...(a.serviceUrl === 'teams' ? { serviceUrl: teams.serviceUrl } : {}) }));

  /** One Teams request body: an activity of the wrong shape, any JSON, or text that is not JSON. */
  const teamsRequest = fc.oneof(
    { weight: 4, arbitrary: anyBody(teamsActivity).map((a) => JSON.stringify(a) ?? 'undefined') },
    { weight: 1, arbitrary: anyText },
  );

  const isOtherInvoke = (body: string): boolean => {
    try {
      const activity = JSON.parse(body) as { type?: unknown; name?: unknown };
      return activity.type === 'invoke' && activity.name !== 'adaptiveCard/action';
    } catch {
      return false;
    }
  };

  function expectUnharmed(statuses: number[]): void {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(crashes).toEqual([]);
    // The core's catch-all: what a person would read as "Something went wrong".
    const coreFailures = logger.lines.filter((l) => l.msg === 'event failed');
    expect(coreFailures.map((l) => String((l.err as Error | undefined)?.stack ?? l.msg))).toEqual([]);
  }

  it('never answers a signed Slack request with a 5xx, whatever its shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(slackRequest, { minLength: 1, maxLength: batch }), async (requests) => {
        const responses = await Promise.all(
          requests.map((r) => sendSigned(`${hearth.url}/slack/events`, r.body, { secret, contentType: r.type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' })),
        );
        expectUnharmed(responses.map((r) => r.status));
      }),
      { numRuns: runs },
    );
  }, 600_000);

  it('refuses signed Slack bodies Bolt would trip on with a 4xx: not an object, an event that is not one, a payload without a user', async () => {
    const json = (body: unknown) => ({ type: 'json', body: JSON.stringify(body) });
    const payload = (body: unknown) => ({ type: 'form', body: form({ payload: body }) });
    const envelope = (event: unknown) => ({ token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'EvOdd', event_time: 1764579600, event });
    const odd = [
      json(null), json(42), json([]), payload(null), payload([1]),
      json(envelope('')), json(envelope([])), json(envelope({ type: 'message', channel: 'D1', user: null, text: 'hi', ts: '1.2' })),
      payload({ type: 'view_closed' }), payload({ type: 'block_actions' }), payload({ type: 'view_submission', view: null }),
    ];
    const statuses: number[] = [];
    for (const r of odd) {
      const res = await sendSigned(`${hearth.url}/slack/events`, r.body, { secret, contentType: r.type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s < 500), `statuses ${statuses.join(', ')}`).toBe(true);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expectUnharmed(statuses);
  });

  it('never answers a Teams request with a 5xx, whatever its shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(teamsRequest, { minLength: 1, maxLength: batch }), async (bodies) => {
        const responses = await Promise.all(
          bodies.map((body) => fetch(`${hearth.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
        );
        // botbuilder answers an invoke nobody handles with 501, the Bot Framework's "not implemented";
        // Hearth's manifest declares none but `adaptiveCard/action`, which must never get it.
        expectUnharmed(responses.map((r, i) => (r.status === 501 && isOtherInvoke(bodies[i]!) ? 200 : r.status)));
      }),
      { numRuns: runs },
    );
  }, 600_000);

  it('still answers ordinary commands on both platforms afterwards', async () => {
    expect((await fetch(`${hearth.url}/healthz`)).status).toBe(200);
    const body = form({ token: 'legacy', team_id: 'T0FAKE1', user_id: ana.slack, user_name: 'ana', command: '/hearth', text: 'whoami', response_url: slack.responseUrl('after'), trigger_id: '1.1.x' });
    expect((await sendSigned(`${hearth.url}/slack/events`, body, { secret, contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    const answer = await waitFor(() => slack.responses.find((r) => r.id === 'after')?.body, 5000, 'the Slack answer');
    expect(String(answer.text)).toContain('You are *Ana Souza*');

    const conversation = `a:personal-${ana.teams.aadObjectId}`;
    const before = teams.sent.length;
    const activity = {
      type: 'message', id: 'after-1', serviceUrl: teams.serviceUrl, channelId: 'msteams', text: 'hearth whoami',
      from: { id: ana.teams.id, name: ana.teams.name, aadObjectId: ana.teams.aadObjectId }, recipient: { id: '28:hearth-bot', name: 'Hearth' },
      conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: conversation }, channelData: { tenant: { id: 'tenant-fake' } },
    };
    const res = await fetch(`${hearth.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    const reply = await waitFor(() => teams.sent.slice(before).find((s) => s.conversationId === conversation && cardText(s).includes('You are *Ana Souza*')), 5000, 'the Teams answer');
    expect(cardText(reply)).toContain('Support A');
    expectUnharmed([]);
  });
});

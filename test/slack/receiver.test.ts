/**
 * The edge's Slack receiver alone (adapters/slack/receiver.ts): signed requests through Bolt's
 * HTTP receiver on the edge's HTTP server, and what it hands the core, caught here in place of
 * the core. The whole path with the core is slack-http.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackReceiver, slackEventsPath, type SlackIngested, type SlackPayload } from '../../adapters/slack/receiver.ts';
import { startHttpServer, type HttpServer } from '../../src/infra/http/server.ts';
import { sendSigned } from '../support/fake-slack.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

const secret = 'b0a710ad5ecre7';

describe('Slack receiver on the edge', () => {
  const forwarded: Array<{ payload: SlackPayload; requestId: string }> = [];
  let answer: SlackIngested = {};
  let http: HttpServer;
  let url: string;

  beforeAll(async () => {
    const logger = createMemoryLogger();
    const receiver = await createSlackReceiver({ botToken: 'xoxb-edge', signingSecret: secret, logger }, async (payload, requestId) => {
      forwarded.push({ payload, requestId });
      return answer;
    });
    http = await startHttpServer({
      host: '127.0.0.1', port: 0, raw: receiver.routes, logger,
      serve: async () => ({ status: 404, body: '', route: 'unmatched' }),
    });
    url = `${http.url}${slackEventsPath}`;
  });
  afterAll(() => http?.close());

  const form = (fields: Record<string, string>) =>
    sendSigned(url, new URLSearchParams(fields).toString(), { secret, contentType: 'application/x-www-form-urlencoded' });
  const interaction = (payload: Record<string, unknown>) => form({ payload: JSON.stringify(payload) });
  const event = (event: Record<string, unknown>, eventId: string) =>
    sendSigned(url, JSON.stringify({ team_id: 'T0EDGE', api_app_id: 'A0EDGE', type: 'event_callback', event_id: eventId, event }), {
      secret, contentType: 'application/json',
    });
  const next = async (count: number) => {
    await waitFor(() => forwarded.length >= count || undefined, 3000, `${count} forwarded`);
    return forwarded[count - 1]!;
  };

  it('acknowledges a slash command with an empty 200 and hands it on with the request’s id', async () => {
    const response = await form({ team_id: 'T0EDGE', user_id: 'U1', command: '/kudos', text: 'hi', response_url: 'https://hooks.example/r', trigger_id: 't' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const { payload, requestId } = await next(1);
    expect(payload).toMatchObject({ kind: 'command', body: { command: '/kudos', text: 'hi', user_id: 'U1' } });
    expect(requestId).toBe(response.headers.get('x-request-id'));
  });

  it('hands on a block action whole, and the events the core handles with their team and event ids', async () => {
    const before = forwarded.length;
    expect((await interaction({ type: 'block_actions', team: { id: 'T0EDGE' }, user: { id: 'U1' }, actions: [{ action_id: 'kudos:thank', value: 'x' }] })).status).toBe(200);
    expect((await next(before + 1)).payload).toMatchObject({ kind: 'action', body: { type: 'block_actions', actions: [{ action_id: 'kudos:thank' }] } });
    expect((await event({ type: 'app_mention', user: 'U1', channel: 'C1', text: 'hello', ts: '1.2' }, 'Ev1')).status).toBe(200);
    expect((await next(before + 2)).payload).toEqual({ kind: 'event', event: { type: 'app_mention', user: 'U1', channel: 'C1', text: 'hello', ts: '1.2' }, teamId: 'T0EDGE', eventId: 'Ev1' });
  });

  it('acknowledges other events without handing them on', async () => {
    const before = forwarded.length;
    expect((await event({ type: 'reaction_added', user: 'U1', reaction: 'tada', item: { type: 'message', channel: 'C1', ts: '1.2' } }, 'Ev2')).status).toBe(200);
    // Handed on in order, so the message after it arriving first means the reaction was not.
    expect((await event({ type: 'message', user: 'U1', channel: 'D1', text: 'hi', ts: '1.3', channel_type: 'im' }, 'Ev3')).status).toBe(200);
    expect((await next(before + 1)).payload).toMatchObject({ kind: 'event', eventId: 'Ev3' });
    expect(forwarded.length).toBe(before + 1);
  });

  it('answers a modal’s submission with the core’s errors for its fields, or closes it', async () => {
    const submission = { type: 'view_submission', team: { id: 'T0EDGE' }, user: { id: 'U1' }, view: { id: 'V1', callback_id: 'settings', state: { values: {} } } };
    answer = { errors: { timezone: 'Not a time zone' } };
    const refused = await interaction(submission);
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({ response_action: 'errors', errors: { timezone: 'Not a time zone' } });
    answer = {};
    const accepted = await interaction(submission);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe('');
    expect(forwarded.filter((f) => f.payload.kind === 'view')).toHaveLength(2);
  });
});

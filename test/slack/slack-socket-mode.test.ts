/** Slack over Socket Mode: Hearth connects out (apps.connections.open, then a WebSocket) and needs no inbound port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogCapture } from '../support/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { waitFor } from '../support/wait.ts';

describe('Slack over Socket Mode', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let hearth: RunningHearth;
  const { lines, sink } = createLogCapture();
  const dm = (eventId: string, text: string, subtype?: string) => ({
    token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: eventId, event_time: 1764579600,
    event: { type: 'message', ...(subtype ? { subtype } : {}), channel: 'D00FAKEANA', channel_type: 'im', user: 'U00FAKEANA', text, ts: '1764579600.000001', event_ts: '1764579600.000001' },
  });
  const readiness = async () => (await (await fetch(`${hearth.url}/readyz`)).json()) as { status: string; platforms: Array<{ platform: string; status: string }> };

  beforeAll(async () => {
    fake = await startFakeSlack({ appToken: 'xapp-fake-app-token', users: [{ id: 'U00FAKEANA', email: 'ana.souza@example.com', name: 'ana' }] });
    database = await createTestDatabase('sqlite');
    const config = loadConfig({
      DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: 'unused-in-socket-mode',
      SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_API_URL: fake.apiUrl,
    });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createLogger('info', sink), clock: systemClock });
    await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
    await fake.socketConnected();
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  it('serves no Slack HTTP endpoint in Socket Mode', async () => {
    expect((await fetch(`${hearth.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acknowledges a slash command envelope and answers through response_url', async () => {
    const ack = await fake.sendEnvelope('slash_commands', {
      token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U00FAKEANA',
      user_name: 'ana', command: '/hearth', text: 'whoami', api_app_id: 'A0FAKE', response_url: fake.responseUrl('socket-1'), trigger_id: '1.2.3',
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    const reply = await waitFor(() => fake.responses.find((r) => r.id === 'socket-1')?.body);
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('You are *Ana Souza*') });
  });

  it('answers a DM event envelope in the DM', async () => {
    await fake.sendEnvelope('events_api', dm('EvSock1', 'help'));
    const reply = await waitFor(() => fake.posted.find((p) => p.channel === 'D00FAKEANA'));
    expect(reply.text.split('\n')[0]).toBe('Hearth: what you can do');
  });

  it('gives each Socket Mode event a request id of its own in the logs', async () => {
    await fake.sendEnvelope('events_api', dm('EvSock2', 'edited', 'message_changed'));
    await fake.sendEnvelope('events_api', dm('EvSock3', 'edited again', 'message_changed'));
    const tagged = await waitFor(() => {
      const found = lines.filter((l) => l.msg === 'unsupported event ignored' && l.platform === 'slack');
      return found.length === 2 ? found : undefined;
    }, 5000, 'two log lines about the ignored events');
    expect(tagged.map((l) => l.requestId)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(tagged[0]!.requestId).not.toBe(tagged[1]!.requestId);
  });

  it('is not ready while the Socket Mode link is down, and serves again once the client reconnects', async () => {
    expect(await readiness()).toMatchObject({ status: 'ready', platforms: [{ platform: 'slack', status: 'connected' }] });
    fake.dropSocket();
    const down = await waitFor(async () => {
      const r = await readiness();
      return r.status === 'not ready' ? r : undefined;
    }, 3000, '/readyz to notice the drop');
    expect(down.platforms).toEqual([expect.objectContaining({ platform: 'slack', status: 'reconnecting' })]);
    expect(lines.some((l) => l.msg === 'Socket Mode connection lost; reconnecting')).toBe(true);
    // The client waits its ping timeout (5 s) before reconnecting.
    await waitFor(async () => ((await readiness()).status === 'ready' ? true : undefined), 15_000, 'the link to come back');
    const before = fake.posted.filter((p) => p.channel === 'D00FAKEANA').length;
    await fake.sendEnvelope('events_api', dm('EvSock4', 'help'));
    await waitFor(() => fake.posted.filter((p) => p.channel === 'D00FAKEANA')[before], 5000, 'a reply over the new link');
  }, 30_000);
});

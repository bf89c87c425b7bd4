/** Slack over Socket Mode: Hearth connects out (apps.connections.open, then a WebSocket) and needs no inbound port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

describe('Slack over Socket Mode', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let hearth: RunningHearth;

  beforeAll(async () => {
    fake = await startFakeSlack({ appToken: 'xapp-fake-app-token', users: [{ id: 'U00FAKEANA', email: 'ana.souza@example.com', name: 'ana' }] });
    database = await createTestDatabase('sqlite');
    const config = loadConfig({
      DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: 'unused-in-socket-mode',
      SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_API_URL: fake.apiUrl,
    });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
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
    await fake.sendEnvelope('events_api', {
      token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'EvSock1', event_time: 1764579600,
      event: { type: 'message', channel: 'D00FAKEANA', channel_type: 'im', user: 'U00FAKEANA', text: 'help', ts: '1764579600.000001', event_ts: '1764579600.000001' },
    });
    const reply = await waitFor(() => fake.posted.find((p) => p.channel === 'D00FAKEANA'));
    expect(reply.text.split('\n')[0]).toBe('Hearth: what you can do');
  });
});

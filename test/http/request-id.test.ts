/**
 * Every log line written while Hearth handles a request carries the request's id, taken from a
 * proxy's X-Request-Id or made up, and sent back in the response, so one event can be followed
 * through the logs from Bolt or botbuilder to the core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogCapture } from '../support/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { waitFor } from '../support/wait.ts';

describe('request ids in the logs', () => {
  let database: TestDatabase;
  let hearth: RunningHearth;
  const { lines, sink } = createLogCapture();

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url, HEARTH_TEAMS_NO_AUTH: '1' });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createLogger('info', sink), clock: systemClock });
  });
  afterAll(async () => {
    await hearth?.stop();
    await database?.drop();
  });

  const typing = (id: string) => ({
    type: 'typing', id, serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', from: { id: '29:ana', aadObjectId: 'aad-ana' },
    conversation: { conversationType: 'personal', id: 'a:personal-ana' }, recipient: { id: '28:hearth-bot' },
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hearth.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('tags the lines written while handling a request with its id, and echoes the id', async () => {
    const given = await post(typing('t1'), { 'x-request-id': 'proxy-req-42' });
    expect(given.headers.get('x-request-id')).toBe('proxy-req-42');
    const line = await waitFor(() => lines.find((l) => l.msg === 'unsupported event ignored' && l.requestId === 'proxy-req-42'), 5000, 'the tagged log line');
    expect(line).toMatchObject({ platform: 'teams', description: 'typing activity' });

    const made = await post(typing('t2'));
    const id = made.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => lines.filter((l) => l.msg === 'unsupported event ignored').some((l) => l.requestId === id), 5000, 'a line with the made-up id');
    // Work outside any request (start-up) carries none.
    expect(lines.filter((l) => l.msg === 'database migrated').every((l) => l.requestId === undefined)).toBe(true);
  });

  it('does not take a header value that could forge log lines', async () => {
    const res = await post(typing('t3'), { 'x-request-id': 'evil"\\nvalue with spaces' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

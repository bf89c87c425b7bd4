import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { loadConfig } from '../../src/config.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../support/logger.ts';

describe('Hearth over HTTP with the playground', () => {
  let database: TestDatabase;
  let hearth: RunningHearth;
  const post = (path: string, body: unknown) =>
    fetch(`${hearth.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: createFixedClock('2026-12-01T09:00:00Z') });
  });
  afterAll(async () => {
    await hearth?.stop();
    await database?.drop();
  });

  it('binds to 127.0.0.1 by default and reports database reachability', async () => {
    expect(hearth.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${hearth.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'reachable', provider: 'sqlite' });
  });

  it('says it is ready only when the database is reachable and every migration applied', async () => {
    const ready = await fetch(`${hearth.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready', database: 'reachable', migrations: 'applied', platforms: [{ platform: 'playground', workspace: 'local', status: 'connected' }],
    });
    // A migration this Hearth knows but the database lacks (a half-finished upgrade): not ready.
    const [last] = await hearth.db.client.$queryRawUnsafe<Array<{ id: string; migration_name: string }>>('SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1');
    await hearth.db.client.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = '${last!.id}'`);
    try {
      const res = await fetch(`${hearth.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not ready', database: 'reachable', migrations: `pending: ${last!.migration_name}` });
    } finally {
      await hearth.db.client.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = started_at WHERE id = '${last!.id}'`);
    }
    expect((await fetch(`${hearth.url}/readyz`)).status).toBe(200);
  });

  it('seeds the demo call centre on first start and serves its roster and channels', async () => {
    const body = (await (await fetch(`${hearth.url}/playground/api/roster`)).json()) as { members: Array<{ role: string }>; channels: string[] };
    expect(body.members).toHaveLength(35);
    expect(body.members.filter((m) => m.role === 'agent')).toHaveLength(30);
    expect(body.channels).toEqual(['general', 'billing', 'support-a', '上海热线-shanghai-hotline']);
  });

  it('serves the page and sends / there', async () => {
    const page = await fetch(`${hearth.url}/playground`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('id="composer"');
    const root = await fetch(`${hearth.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/playground');
  });

  it('runs a typed command through the core and returns the reply card', async () => {
    const res = await post('/playground/api/command', { as: 'sofia.reyes@example.com', text: '/hearth roster' });
    expect(res.status).toBe(200);
    const { replies } = (await res.json()) as { replies: Array<{ text: string; blocks: Array<{ type: string }> }> };
    expect(replies[0]!.text.split('\n')[0]).toBe('Roster of Support A');
    expect(replies[0]!.blocks[0]!.type).toBe('header');
  });

  it('takes a file attached with 📎 along with a command: an admin imports a roster', async () => {
    const csv = 'name,email,role,team,timezone,shift\nUma Ueda,uma.ueda@example.com,agent,Billing,,Mon-Fri 09:00-17:30\n';
    const res = await post('/playground/api/command', {
      as: 'admin@example.com', text: 'hearth roster import', files: [{ name: 'roster.csv', content: Buffer.from(csv).toString('base64') }],
    });
    const { replies } = (await res.json()) as { replies: Array<{ text: string }> };
    expect(replies[0]!.text).toBe('Roster imported: 1 added, 0 updated, 0 unchanged, 0 new teams.');
    const bad = await post('/playground/api/command', { as: 'admin@example.com', text: 'hearth roster import', files: [{ name: 'roster.csv', content: 'not base64!' }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/files\.0\.content: not base64/);
  });

  it('shows each person their own welcome DM with buttons', async () => {
    const res = await fetch(`${hearth.url}/playground/api/feed?as=ana.souza@example.com&after=0`);
    const { messages } = (await res.json()) as { messages: Array<{ address: string; message: { blocks: Array<{ type: string; actions?: Array<{ id: string }> }> } }> };
    expect(messages.map((m) => m.address)).toEqual(['dm:ana.souza@example.com']);
    const actions = messages[0]!.message.blocks.find((b) => b.type === 'actions')?.actions?.map((a) => a.id);
    expect(actions).toEqual(['hearth.whoami', 'core.help']);
    const click = await post('/playground/api/action', { as: 'ana.souza@example.com', actionId: 'hearth.whoami', value: '' });
    expect(((await click.json()) as { replies: Array<{ text: string }> }).replies[0]!.text).toContain('You are *Ana Souza*');
  });

  it('replaces the card a button was on with its new version, in the history too', async () => {
    const year = new Date().getUTCFullYear() + 1;
    await post('/playground/api/command', { as: 'sofia.reyes@example.com', text: `/gathering plan "Page picnic" ${year}-03-05 12:30` });
    const feed = async () => ((await (await fetch(`${hearth.url}/playground/api/feed?as=sofia.reyes@example.com&after=0`)).json()) as { messages: Array<{ id: number; address: string; message: { text: string; blocks: Array<{ type: string; text?: string; actions?: Array<{ id: string; value: string }> }> } }> }).messages;
    const card = (await waitFor(async () => (await feed()).find((m) => m.address === 'channel:support-a' && m.message.text.includes('Page picnic')), 5000, 'the card'));
    const yes = card.message.blocks.find((b) => b.type === 'actions')!.actions![0]!;
    const click = (await (await post('/playground/api/action', { as: 'ana.souza@example.com', actionId: yes.id, value: yes.value, messageId: card.id })).json()) as { update?: { blocks: Array<{ text?: string }> } };
    expect(click.update?.blocks.some((b) => b.text === '2 going so far')).toBe(true);
    const stored = (await feed()).find((m) => m.id === card.id)!;
    expect(stored.message.blocks.some((b) => b.text === '2 going so far')).toBe(true);
  });

  it('answers malformed requests with a specific 4xx, never a crash', async () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['/playground/api/command', '{not json', 400, /not JSON/],
      ['/playground/api/command', { as: 'ana.souza@example.com' }, 400, /text/],
      ['/playground/api/command', { as: 'not an email', text: 'help' }, 400, /as/],
      ['/playground/api/action', { as: 'ana.souza@example.com', actionId: '' }, 400, /actionId/],
      ['/playground/api/command', 'x'.repeat(1_100_000), 413, /larger than/],
    ];
    for (const [path, body, status, error] of cases) {
      const res = await post(path, body);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(error);
    }
    expect((await fetch(`${hearth.url}/playground/api/feed`)).status).toBe(400);
    expect((await fetch(`${hearth.url}/nope`)).status).toBe(404);
    expect((await fetch(`${hearth.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('reports an unreachable database on /healthz and /readyz with 503', async () => {
    const other = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: other.url, HEARTH_DEMO_SEED: 'off' });
    const second = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: createFixedClock('2026-12-01T09:00:00Z') });
    try {
      // The driver failing as it does when the database goes away.
      Object.assign(second.db.client, {
        $queryRawUnsafe: async () => {
          throw new Error('database is gone');
        },
      });
      const res = await fetch(`${second.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      const ready = await fetch(`${second.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not ready', database: 'unreachable', migrations: 'unknown' });
    } finally {
      await second.stop().catch(() => undefined);
      await other.drop();
    }
  });
});

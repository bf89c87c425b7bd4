/**
 * GET /metrics after a scripted run through the playground: what was handled and how, what was
 * delivered, request and query latency, the queue; never anything anyone typed; and closed to the
 * world unless a token is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

/** The value of one sample line, e.g. `hearth_handled_total{kind="command",…}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2]!.split(',');
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let database: TestDatabase;
  let hearth: RunningHearth;
  const command = (as: string, text: string) =>
    fetch(`${hearth.url}/playground/api/command`, { method: 'POST', body: JSON.stringify({ as, text }) });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
  });
  afterAll(async () => {
    await hearth?.stop();
    await database?.drop();
  });

  it('counts commands by name and outcome, deliveries, requests, queries and the queue', async () => {
    await command('sofia.reyes@example.com', '/hearth roster');
    await command('sofia.reyes@example.com', '/hearth roster');
    await command('ana.souza@example.com', '/hearth roster');
    await command('ana.souza@example.com', '/hearth rosterz secret-words');
    await command('ana.souza@example.com', '/nosuchcommand secret-words');
    // The demo seed's welcome DMs go out in the background.
    await waitFor(async () => (await hearth.app.deliveries.drain()) === 0 && (await hearth.db.client.delivery.count({ where: { status: 'pending' } })) === 0, 10_000, 'the welcome DMs');

    const res = await fetch(`${hearth.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const handled = (name: string, outcome: string) => sample(text, 'hearth_handled_total', { kind: 'command', name, platform: 'playground', outcome });
    expect(handled('hearth', 'ok')).toBe(2);
    expect(handled('hearth', 'forbidden')).toBe(1);
    expect(handled('hearth', 'usage')).toBe(1);
    expect(handled('unknown', 'unknown_command')).toBe(1);
    expect(sample(text, 'hearth_deliveries_total', { platform: 'playground', outcome: 'sent' })).toBeGreaterThanOrEqual(35);
    expect(sample(text, 'hearth_http_request_duration_seconds_count', { route: '/playground/api/command', method: 'POST', status: '200' })).toBe(5);
    expect(sample(text, 'hearth_db_query_duration_seconds_count', { operation: 'findMany' })).toBeGreaterThan(0);
    expect(sample(text, 'hearth_delivery_queue_messages', { status: 'sent' })).toBeGreaterThanOrEqual(35);
    expect(text).toMatch(/^hearth_delivery_oldest_waiting_seconds 0$/m);
    expect(text).toMatch(/^# HELP hearth_occurrences_total /m);
    expect(text).toMatch(/^hearth_process_resident_memory_bytes \d+/m);
    // Label values come from a closed set: nothing anyone typed, no addresses.
    expect(text).not.toMatch(/secret-words|rosterz|nosuchcommand|@example\.com/);
  });

  it('is closed beyond localhost without a token, and asks for the token when one is set', async () => {
    const open = await startHearth({ ...loadConfig({ DATABASE_URL: database.url, HEARTH_DEMO_SEED: 'off' }), HOST: '0.0.0.0', PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    try {
      const res = await fetch(`${open.url}/metrics`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'set HEARTH_METRICS_TOKEN to read /metrics when Hearth listens beyond localhost' });
    } finally {
      await open.stop();
    }
    const token = 'a-long-metrics-token-0123';
    const guarded = await startHearth({ ...loadConfig({ DATABASE_URL: database.url, HEARTH_DEMO_SEED: 'off', HEARTH_METRICS_TOKEN: token }), PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});

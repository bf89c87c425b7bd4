/**
 * `kill -9` during a 2,000-message fan-out to Slack, then a restart: every message arrives
 * exactly once. The queue is in the database; a send whose outcome the dead process never
 * recorded is checked against the conversation (by the key in the message metadata) before it
 * is sent again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const total = 2000;

describe('a crash in the middle of a fan-out', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    // Slack has posted a message before its answer arrives: a crash in between is the hard case.
    fake = await startFakeSlack({ limits: { perConversation: [], shared: [] }, responseDelayMs: 40 });
    database = await createTestDatabase('sqlite');
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
    await fake?.close();
    await database?.drop();
  });

  const worker = (): ChildProcess =>
    // node itself (not the tsx wrapper, which would survive as a parent while its child lived on),
    // so SIGKILL hits the process that is sending.
    spawn(process.execPath, ['--import', 'tsx', 'test/support/deliver-worker.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, SLACK_API_URL: fake.apiUrl, LEASE_MS: '1500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  it('delivers every message exactly once across a SIGKILL and a restart', async () => {
    const items = Array.from({ length: total }, (_, i) => {
      const userId = `U${String(i).padStart(8, '0')}`;
      return {
        key: `fanout:${i}`, platform: 'slack' as const, workspace: 'T0FAKE1',
        destination: { kind: 'dm' as const, userId, workspace: 'T0FAKE1' }, message: { text: `hello ${i}`, blocks: [] },
      };
    });
    expect(await createDeliveryQueue(db.client).enqueue(items, new Date())).toBe(total);

    const first = worker();
    const firstExit = exited(first);
    await waitFor(() => fake.posted.length >= total / 3, 60_000, 'a third of the fan-out');
    first.kill('SIGKILL');
    await firstExit;
    expect(fake.posted.length).toBeLessThan(total);
    // The dead process had sends in flight that Slack took but it never recorded.
    const unrecorded = await db.client.delivery.count({ where: { status: 'sending' } });
    expect(unrecorded).toBeGreaterThan(0);

    const second = worker();
    expect(await exited(second)).toBe(0);

    const keys = fake.posted.map((p) => String(p.metadata?.event_payload.key));
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(total);
    expect(await createDeliveryQueue(db.client).counts()).toEqual({ pending: 0, sending: 0, sent: total, failed: 0, withdrawn: 0 });
  }, 120_000);
});

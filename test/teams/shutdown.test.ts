/**
 * A restart in the middle of a fan-out to Teams, as an orchestrator does it: SIGTERM to `npm
 * start`'s process, which stops taking events, lets the sends in flight finish and record
 * themselves, claims nothing more, and exits 0; a new process sends the rest. Every person gets their message exactly once, at Teams' pace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeTeams, type FakeTeams } from '../support/fake-teams.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const total = 240;
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const aad = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('SIGTERM in the middle of a Teams fan-out', () => {
  let fake: FakeTeams;
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    fake = await startFakeTeams([]);
    database = await createTestDatabase('sqlite');
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
    await fake?.close();
    await database?.drop();
  });

  const hearth = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, HEARTH_TEAMS_NO_AUTH: '1', PORT: String(await freePort()), LOG_LEVEL: 'warn', HEARTH_DEMO_SEED: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) process.stderr.write(`Hearth exited with ${code}: ${stderr}\n`);
    });
    return child;
  };
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  it('stops cleanly, leaves nothing claimed, and the next process sends the rest: each message once', async () => {
    await db.client.conversationRef.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        platform: 'teams' as const, workspace: 'default', key: `user:${aad(i)}`,
        reference: JSON.stringify({
          channelId: 'msteams', serviceUrl: fake.serviceUrl, bot: { id: '28:hearth-bot', name: 'Hearth' },
          user: { id: `29:${i}`, aadObjectId: aad(i) }, conversation: { id: `a:personal-${aad(i)}`, conversationType: 'personal', tenantId: 'tenant-fake' },
        }),
      })),
    });
    const items = Array.from({ length: total }, (_, i) => ({
      key: `shutdown:${i}`, platform: 'teams' as const, workspace: 'default',
      destination: { kind: 'dm' as const, userId: aad(i), workspace: 'default' }, message: { text: `hello ${i}`, blocks: [] },
    }));
    expect(await createDeliveryQueue(db.client).enqueue(items, new Date())).toBe(total);

    const first = await hearth();
    const firstExit = exited(first);
    await waitFor(() => fake.sent.length >= total / 4, 60_000, 'a quarter of the fan-out');
    first.kill('SIGTERM');
    expect(await firstExit).toBe(0);
    const sentBefore = fake.sent.length;
    expect(sentBefore).toBeLessThan(total);
    const counts = await createDeliveryQueue(db.client).counts();
    // Everything Teams took is recorded as sent; nothing is left claimed by the process that left.
    expect(counts).toEqual({ pending: total - sentBefore, sending: 0, sent: sentBefore, failed: 0, withdrawn: 0 });

    const second = await hearth();
    try {
      await waitFor(async () => (await createDeliveryQueue(db.client).counts()).sent === total, 60_000, 'the rest of the fan-out');
    } finally {
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
    }
    const perConversation = new Map<string, number>();
    for (const s of fake.sent) perConversation.set(s.conversationId, (perConversation.get(s.conversationId) ?? 0) + 1);
    expect(perConversation.size).toBe(total);
    // (The new process cannot know the old one's last second of sends; a 429 then is waited out.)
    expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});

/**
 * How Hearth runs the embedded database. better-sqlite3 answers synchronously: without care, a
 * job running thousands of queries in a row would hold the event loop for its whole length, and
 * no Slack command could be acknowledged in the meantime; Hearth's SQLite client yields the loop
 * every few milliseconds of queries. Each connection also gets WAL, synchronous NORMAL and
 * secure_delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('the embedded SQLite database', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    db = await database.open();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('lets a timer run in the middle of two thousand queries in a row', async () => {
    let firedAfter: number | undefined;
    const started = performance.now();
    setTimeout(() => (firedAfter = performance.now() - started), 5);
    for (let i = 0; i < 2000; i++) await db.client.organization.findMany({ take: 1 });
    const loopTook = performance.now() - started;
    expect(firedAfter).toBeDefined();
    expect(firedAfter!).toBeLessThan(loopTook / 2);
  });

  it('lets a timer run in the middle of fifty query loops at once, not after each has yielded in turn', async () => {
    // Fifty commands in flight: the loop gets its turn only once no query can run, so all must step aside together.
    let firedAfter: number | undefined;
    const started = performance.now();
    setTimeout(() => (firedAfter = performance.now() - started), 5);
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let i = 0; i < 100; i++) await db.client.organization.findMany({ take: 1 });
    }));
    const loopTook = performance.now() - started;
    expect(firedAfter).toBeDefined();
    expect(firedAfter!).toBeLessThan(loopTook / 10);
  });

  it('runs in WAL mode with synchronous NORMAL, and overwrites what it deletes', async () => {
    const pragma = async (name: string) => Object.values((await db.client.$queryRawUnsafe<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(Number(await pragma('synchronous'))).toBe(1);
    expect(Number(await pragma('secure_delete'))).toBe(1);
  });
});

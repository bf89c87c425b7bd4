/**
 * better-sqlite3 answers synchronously: without care, a job running thousands of queries in a row
 * would hold the event loop for its whole length, and no Slack command could be acknowledged in
 * the meantime. Hearth's SQLite client yields the loop every few milliseconds of queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('SQLite and the event loop', () => {
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
});

/**
 * "The database is away" is told apart from "the database refused the query": the first becomes
 * the core's `unavailable` error (the person is told to try again in a minute), the second stays
 * what it was. PostgreSQL only: SQLite has no server to lose.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/core/errors.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { postgresUrl, unavailable } from '../support/env.ts';

describe.skipIf(unavailable('postgres') !== undefined)('database unreachable [postgresql]', () => {
  let database: TestDatabase;
  let db: Database;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    db = await database.open();
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
    await database.drop();
  });

  const endSessions = () => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(database.url).pathname.slice(1)]);
  const code = (error: unknown) => (error instanceof HearthError ? error.code : `not a HearthError: ${String(error)}`);

  it('a session ended inside an interactive transaction', async () => {
    const error = await db.client
      .$transaction(async (tx) => {
        await tx.organization.count();
        await endSessions();
        await tx.organization.count();
      })
      .catch((e: unknown) => e);
    expect(code(error)).toBe('unavailable');
  });

  it('a session ended between a transaction\'s last query and its commit', async () => {
    const error = await db.client
      .$transaction(async (tx) => {
        await tx.organization.create({ data: { name: 'Ended' } });
        await endSessions();
      })
      .catch((e: unknown) => e);
    expect(code(error)).toBe('unavailable');
    // Nothing of it was kept (checked on a connection of its own: the pool may still hold ended ones).
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    expect((await check.query('SELECT count(*)::int AS n FROM "Organization" WHERE name = $1', ['Ended'])).rows[0].n).toBe(0);
    await check.end();
  });

  it('a session ended before a plain query', async () => {
    await db.client.organization.count();
    await endSessions();
    const error = await db.client.organization.count().catch((e: unknown) => e);
    // The pool may hand out a fresh connection (the query then works) or the ended one.
    if (typeof error !== 'number') expect(code(error)).toBe('unavailable');
  });

  it('a query the database refuses is not mistaken for an outage', async () => {
    await db.client.organization.create({ data: { id: 'dup', name: 'One' } });
    const error = await db.client.organization.create({ data: { id: 'dup', name: 'Two' } }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(HearthError);
    expect(error).toMatchObject({ code: 'P2002' });
  });
});

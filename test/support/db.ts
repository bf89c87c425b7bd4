/**
 * Real databases for tests: a fresh SQLite file, and (when TEST_DATABASE_URL is set) a fresh
 * PostgreSQL database created for the suite and dropped after it. Both fully migrated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type Database, type Provider } from '../../src/infra/db/connection.ts';
import { migrate } from '../../src/infra/db/migrate.ts';
import { postgresUrl, unavailable } from './env.ts';

export interface TestDatabase {
  url: string;
  provider: Provider;
  /** Opens (and migrates) a connection; the caller closes it. */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
    const url = `file:${join(dir, 'hearth.db')}`;
    return {
      url,
      provider,
      open: () => openMigrated(url),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    provider,
    open: () => openMigrated(url.toString()),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function openMigrated(url: string): Promise<Database> {
  const db = openDatabase(url);
  await migrate(db);
  return db;
}

/** The providers a database suite runs on here: SQLite always, PostgreSQL when available. */
export function providers(): Array<{ provider: Provider; skip: string | undefined }> {
  return [
    { provider: 'sqlite', skip: undefined },
    { provider: 'postgresql', skip: unavailable('postgres') },
  ];
}

/** `describe` once per database engine, skipping PostgreSQL with its reason when absent. */
export function describeEachDatabase(name: string, body: (provider: Provider) => void): void {
  for (const { provider, skip } of providers()) {
    describe.skipIf(skip !== undefined)(`${name} [${provider}]`, () => body(provider));
  }
}

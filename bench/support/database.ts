/**
 * A database of the benchmark's own, created for one run and removed after it, holding the demo
 * call centre's roster: a fresh SQLite file, or a fresh PostgreSQL database on the server named
 * by TEST_DATABASE_URL (by default the local development server), dropped with FORCE so a
 * Hearth that died holding connections cannot leave it behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Provider } from '../../src/infra/db/connection.ts';
import { migrate } from '../../src/infra/db/migrate.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { importRoster } from '../../src/features/roster/import.ts';

/** Where PostgreSQL databases are created: the test server, or the local one every machine here runs. */
export const postgresServerUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  provider: Provider;
  /** Hearth's DATABASE_URL. */
  url: string;
  /** Everyone on the roster, as Slack will know them. */
  emails: string[];
  drop(): Promise<void>;
}

/** Creates, migrates and fills a database with the demo roster (as `npm run hearth -- import` would). */
export async function createBenchDatabase(provider: Provider, organization: { name: string; timezone: string; locale: 'en' }): Promise<BenchDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-ack-'));
    url = `file:${join(dir, 'hearth.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `hearth_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const target = new URL(postgresServerUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  try {
    const db = openDatabase(url);
    try {
      await migrate(db);
      const store = createPrismaStore(db.client);
      const org = await store.ensureOrganization(organization);
      const outcome = await importRoster(store, org, demoRosterCsv(), null);
      if (!outcome.ok) throw new Error(`the demo roster did not import: ${JSON.stringify(outcome.problems)}`);
      const emails = (await store.listMembers(org.id, { activeOnly: true })).map((m) => m.email).sort();
      return { provider, url, emails, drop };
    } finally {
      await db.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { openDatabase, type Database } from '../../src/infra/db/connection.ts';
import { migrate, migrationsDir, prismaDir, readMigrations, schemaFile } from '../../src/infra/db/migrate.ts';
import { noSchemaFilter, openSchemaEngine } from '../../src/infra/db/schema-engine.ts';
// @ts-expect-error: a plain .mjs build script without type declarations
import { providers, variantFor } from '../../scripts/schema-variants.mjs';

describe('one source of truth for both databases', () => {
  it.each(providers as string[])('prisma/%s/schema.prisma is derived from prisma/schema.prisma (run npm run db:sync-schema)', (provider) => {
    const derived = readFileSync(join(prismaDir, provider, 'schema.prisma'), 'utf8');
    expect(derived).toBe(variantFor(provider));
  });

  it.each(providers as string[])('every model change has a %s migration (run npm run db:new-migration)', (provider) => {
    const migrated = readFileSync(join(prismaDir, provider, 'migrated.prisma'), 'utf8');
    expect(migrated).toBe(variantFor(provider));
  });

  it('has the same migrations, by name, for both providers', () => {
    const names = (p: string) => readdirSync(migrationsDir(p as 'sqlite')).filter((n) => !n.endsWith('.toml'));
    expect(names('postgresql')).toEqual(names('sqlite'));
  });
});

describeEachDatabase('migrations', (provider) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = await database.open();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('are recorded in _prisma_migrations as prisma migrate deploy records them, and apply once', async () => {
    const rows = await db.client.$queryRawUnsafe<Array<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>>(
      'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    const expected = readMigrations(provider).migrationDirectories.map((d) => d.path);
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
    expect(await migrate(db)).toEqual([]);
  });

  it('leave the database usable by the client right after (no lock held by the engine)', async () => {
    await db.client.organization.create({ data: { name: 'After migrate' } });
    expect(await db.client.organization.count()).toBe(1);
  });

  it('refuse a database that a newer Hearth has migrated, saying why', async () => {
    const other = await createTestDatabase(provider);
    const newer = await other.open();
    try {
      await newer.client.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('future-1', '', '99991231000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
      );
      await expect(migrate(newer)).rejects.toThrow(
        'the database has migrations this version of Hearth does not know (99991231000000_from_the_future): a newer Hearth has upgraded it. Run that version or a later one.',
      );
    } finally {
      await newer.close();
      await other.drop();
    }
  });
});

describeEachDatabase('replicas starting together', (provider) => {
  it.runIf(provider === 'postgresql')('migrate once: one applies, the others wait for it under the lock and find nothing to do', async () => {
    const database = await createTestDatabase(provider);
    const replicas = [openDatabase(database.url), openDatabase(database.url), openDatabase(database.url)];
    try {
      const results = await Promise.all(replicas.map((r) => migrate(r)));
      const all = readMigrations(provider).migrationDirectories.map((d) => d.path);
      expect(results.filter((r) => r.length === all.length)).toHaveLength(1);
      expect(results.filter((r) => r.length === 0)).toHaveLength(2);
      const rows = await replicas[0]!.client.$queryRawUnsafe<Array<{ migration_name: string }>>('SELECT migration_name FROM _prisma_migrations');
      expect(rows.map((r) => r.migration_name).sort()).toEqual(all);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await database.drop();
    }
  });
});

describe('SQLite migrations, replayed', () => {
  // Introspecting a live PostgreSQL through the pg adapter fails in the wasm engine (see the
  // README, "Working offline"), so this check runs on SQLite; the snapshot check above covers both.
  it('produce exactly the schema the client was generated from', async () => {
    const database = await createTestDatabase('sqlite');
    const db = await database.open();
    const schema = schemaFile('sqlite');
    await db.client.$disconnect(); // as migrate() does: the engine locks the file for itself
    const { engine, close } = await openSchemaEngine(db.factory, [[schema.path, schema.content]]);
    try {
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [schema], configDir: prismaDir },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: true,
        filters: noSchemaFilter,
      });
      expect(result.stdout?.trim()).toBe('-- This is an empty migration.');
      expect(result.exitCode).toBe(0);
    } finally {
      await close();
      await db.close();
      await database.drop();
    }
  });
});

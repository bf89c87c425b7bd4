/**
 * Applies the migrations in `prisma/<provider>/migrations` and records them in
 * `_prisma_migrations`, exactly as `prisma migrate deploy` does, through the WebAssembly schema
 * engine (see schema-engine.ts). Runs at start-up and from `npm run db:migrate`. On PostgreSQL
 * the engine serialises concurrent runs with the same advisory lock `migrate deploy` takes, so
 * replicas starting together apply each migration once.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import type { Database, Provider } from './connection.ts';
import { noSchemaFilter, openSchemaEngine } from './schema-engine.ts';
import { hearthRoot } from '../paths.ts';

export const prismaDir = join(hearthRoot, 'prisma');

export function migrationsDir(provider: Provider): string {
  return join(prismaDir, provider, 'migrations');
}

/** The migrations this Hearth knows, by name, in order: the folder's listing, no file read. */
function migrationNames(provider: Provider): string[] {
  const baseDir = migrationsDir(provider);
  return existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
}

/** Reads a migrations folder the way the Prisma CLI does, for the schema engine. */
export function readMigrations(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = join(baseDir, 'migration_lock.toml');
  const names = migrationNames(provider);
  return {
    baseDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

export function schemaFile(provider: Provider): { path: string; content: string } {
  const path = join(prismaDir, provider, 'schema.prisma');
  return { path, content: readFileSync(path, 'utf8') };
}

/** The migrations the database has applied, by name; null for a new database (no table yet). */
async function appliedMigrations(db: Database): Promise<string[] | null> {
  try {
    const rows = await db.client.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return rows.map((r) => r.migration_name);
  } catch {
    return null;
  }
}

/** What this Hearth knows against what the database has: pending (all, for a new database) and unknown. */
async function compare(db: Database): Promise<{ pending: string[]; unknown: string[] }> {
  const known = migrationNames(db.provider);
  const applied = (await appliedMigrations(db)) ?? [];
  return { pending: known.filter((name) => !applied.includes(name)), unknown: applied.filter((name) => !known.includes(name)) };
}

/** The migrations this Hearth knows that the database has not applied yet (all, for a new database). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  return (await compare(db)).pending;
}

/**
 * Applies every pending migration; returns the names of those it applied. Refuses a database a
 * newer Hearth has migrated: running old code on a schema it does not know could lose data.
 * Replicas starting together on PostgreSQL migrate once: the schema engine applies migrations
 * under an advisory lock, so the others wait and then find nothing left to do.
 */
export async function migrate(db: Database): Promise<string[]> {
  const { pending, unknown } = await compare(db);
  if (unknown.length > 0) {
    throw new Error(
      `the database has migrations this version of Hearth does not know (${unknown.join(', ')}): a newer Hearth has upgraded it. Run that version or a later one.`,
    );
  }
  // The WebAssembly schema engine is large; a database already up to date does without it.
  if (pending.length === 0) return [];
  const migrations = readMigrations(db.provider);
  const schema = schemaFile(db.provider);
  // SQLite: the engine locks the file for itself, so Hearth's own connection steps aside (it
  // reconnects on its next query).
  if (db.provider === 'sqlite') await db.client.$disconnect();
  const { engine, close } = await openSchemaEngine(db.factory, [[schema.path, schema.content]]);
  try {
    const result = await engine.applyMigrations({
      migrationsList: migrations,
      filters: noSchemaFilter,
    });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}

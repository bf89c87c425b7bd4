/**
 * Backups of the embedded SQLite database through SQLite's online backup API: a consistent copy
 * taken page by page while Hearth keeps running (WAL lets it go on writing), and a restore that
 * writes a backup back through the same API, so the live file's WAL companions stay coherent.
 * PostgreSQL has its own tools (pg_dump, base backups); Hearth does not wrap them.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export class BackupError extends Error {}

function sqlitePath(url: string): string {
  if (!url.startsWith('file:')) {
    throw new BackupError('backup and restore are for the embedded SQLite database; for PostgreSQL use pg_dump and pg_restore (see the README)');
  }
  return url.replace(/^file:/, '');
}

/** What a file holds, if it is a Hearth database: its latest applied migration. */
function latestMigration(path: string): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${path} is damaged: ${String(check)}`);
    const row = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1').get() as { migration_name: string } | undefined;
    if (!row) throw new BackupError(`${path} has no applied migrations: not a Hearth database`);
    return row.migration_name;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${path} is not a Hearth database (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    db?.close();
  }
}

/** Copies the live database to `target`, consistently, while Hearth runs. Refuses to overwrite. */
export async function backupSqlite(url: string, target: string): Promise<{ pages: number; migration: string }> {
  const source = sqlitePath(url);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
  if (existsSync(target)) throw new BackupError(`${target} exists already; choose a new file`);
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(target);
    return { pages: totalPages, migration: latestMigration(target) };
  } finally {
    db.close();
  }
}

/**
 * Writes the backup at `file` over the database at `url`. Hearth must be stopped: a running one
 * would go on from what it had in memory. The next start applies any migration the backup lacks.
 */
export async function restoreSqlite(url: string, file: string): Promise<{ migration: string }> {
  const target = sqlitePath(url);
  const migration = latestMigration(file);
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target);
  } finally {
    backup.close();
  }
  return { migration };
}

/**
 * `npm run hearth -- <command>`: administration from the command line.
 *   import <roster.csv>   upsert the roster (every bad row reported, nothing written on error)
 *   migrate               apply pending database migrations
 *   backup <file>         a consistent copy of the SQLite database, while Hearth runs
 *   restore <file>        put a backup back (Hearth stopped)
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from './config.ts';
import { translatorFor } from './core/i18n/index.ts';
import { openDatabase } from './infra/db/connection.ts';
import { migrate } from './infra/db/migrate.ts';
import { BackupError, backupSqlite, restoreSqlite } from './infra/db/backup.ts';
import { createPrismaStore } from './infra/db/store.ts';
import { describeImport, importRoster } from './features/roster/import.ts';

const usage = `usage: npm run hearth -- <command>
  import <roster.csv>   import or update the roster from a CSV file
  migrate               apply pending database migrations
  backup <file>         copy the SQLite database to a new file, consistently, while Hearth runs
  restore <file>        write a backup over the SQLite database (stop Hearth first)`;

const needsFile = new Set(['import', 'backup', 'restore']);

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  if (!needsFile.has(command) && command !== 'migrate') {
    console.error(`unknown command "${command}"\n${usage}`);
    return 2;
  }
  if (needsFile.has(command) && rest.length !== 1) {
    console.error(`${command} needs exactly one file\n${usage}`);
    return 2;
  }
  const config = loadConfig(process.env);
  if (command === 'backup' || command === 'restore') {
    try {
      if (command === 'backup') {
        const { pages, migration } = await backupSqlite(config.DATABASE_URL, rest[0]!);
        console.log(`backed up ${pages} pages to ${rest[0]} (schema ${migration})`);
      } else {
        const { migration } = await restoreSqlite(config.DATABASE_URL, rest[0]!);
        console.log(`restored ${rest[0]} (schema ${migration}); start Hearth to apply any newer migrations`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      console.error(error.message);
      return 1;
    }
  }
  const db = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrate(db);
    if (command === 'migrate') {
      console.log(applied.length > 0 ? `applied ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    let text: string;
    try {
      text = await readFile(rest[0]!, 'utf8');
    } catch (error) {
      console.error(`cannot read ${rest[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return 1;
    }
    const store = createPrismaStore(db.client);
    const org = await store.ensureOrganization({ name: config.HEARTH_ORG_NAME, timezone: config.HEARTH_TIMEZONE, locale: config.HEARTH_LOCALE });
    const outcome = await importRoster(store, org, text, null);
    const message = describeImport(translatorFor(config.HEARTH_LOCALE), outcome);
    (outcome.ok ? console.log : console.error)(message);
    return outcome.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `hearth: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

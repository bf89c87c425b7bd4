/**
 * `npm run hearth -- <command>`: administration from the command line.
 *   import <roster.csv>   upsert the roster (every bad row reported, nothing written on error)
 *   migrate               apply pending database migrations
 *   backup <file>         a consistent copy of the SQLite database, while Hearth runs
 *   restore <file>        put a backup back (Hearth stopped)
 *   export <email>        a member's personal data as JSON (issue 8)
 *   erase <email>         a member's personal data erased, aggregates kept (issue 9)
 */
import 'dotenv/config';
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from './config.ts';
import { translatorFor } from './core/i18n/index.ts';
import { openDatabase } from './infra/db/connection.ts';
import { migrate } from './infra/db/migrate.ts';
import { BackupError, backupSqlite, restoreSqlite } from './infra/db/backup.ts';
import { createPrismaStore } from './infra/db/store.ts';
import { describeImport, importRoster } from './features/roster/import.ts';
import { createMemberDataService } from './data.ts';
import { describeErasure } from './features/privacy/member-data.ts';
import type { DbClient } from './infra/db/connection.ts';
import type { Organization } from './core/domain.ts';

const usage = `usage: npm run hearth -- <command>
  import <roster.csv>   import or update the roster from a CSV file
  migrate               apply pending database migrations
  backup <file>         copy the SQLite database to a new file, consistently, while Hearth runs
  restore <file>        write a backup over the SQLite database (stop Hearth first)
  export <email> [--out <file>]   a member's personal data as JSON, on stdout or into a file
  erase <email> [--yes]           erase a member's personal data; without --yes, only says what would go`;

const needsFile = new Set(['import', 'backup', 'restore']);

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const member = command === 'export' || command === 'erase' ? parseMemberArgs(command, rest) : null;
  if (typeof member === 'string') {
    console.error(`${member}\n${usage}`);
    return 2;
  }
  if (!member && !needsFile.has(command) && command !== 'migrate') {
    console.error(`unknown command "${command}"\n${usage}`);
    return 2;
  }
  if (!member && needsFile.has(command) && rest.length !== 1) {
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
    if (member) {
      const org = await createPrismaStore(db.client).ensureOrganization({ name: config.HEARTH_ORG_NAME, timezone: config.HEARTH_TIMEZONE, locale: config.HEARTH_LOCALE });
      return await memberData(db.client, org, member);
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

interface MemberArgs {
  command: 'export' | 'erase';
  email: string;
  out: string | null;
  yes: boolean;
}

/** `export <email> [--out <file>]` and `erase <email> [--yes]`, or what is wrong with them. */
function parseMemberArgs(command: MemberArgs['command'], rest: string[]): MemberArgs | string {
  const parsed: MemberArgs = { command, email: '', out: null, yes: false };
  const emails: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (command === 'export' && arg === '--out') {
      const file = rest[++i];
      if (!file || file.startsWith('--')) return 'export --out needs a file';
      parsed.out = file;
    } else if (command === 'erase' && arg === '--yes') parsed.yes = true;
    else if (arg.startsWith('--')) return `${command} does not take ${arg}`;
    else emails.push(arg);
  }
  if (emails.length !== 1 || !/^[^\s@]+@[^\s@]+$/.test(emails[0]!)) return `${command} needs exactly one member email`;
  parsed.email = emails[0]!;
  return parsed;
}

/** Runs export or erase; the outcome goes to stdout, refusals to stderr. */
async function memberData(client: DbClient, org: Organization, args: MemberArgs): Promise<number> {
  const service = createMemberDataService(client);
  if (args.command === 'export') {
    const outcome = await service.exportMember(org.id, args.email);
    if (outcome.kind === 'unknown') {
      console.error(`no member with email ${args.email}`);
      return 1;
    }
    const json = `${JSON.stringify(outcome.data, null, 2)}\n`;
    if (!args.out) {
      process.stdout.write(json);
      return 0;
    }
    try {
      // Personal data: readable by the one who asked for it, nobody else on the machine.
      await writeFile(args.out, json, { mode: 0o600 });
    } catch (error) {
      console.error(`cannot write ${args.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return 1;
    }
    console.log(`exported ${args.email} to ${args.out}`);
    return 0;
  }
  const outcome = await service.eraseMember(org.id, args.email, args.yes);
  if (outcome.kind === 'unknown') {
    console.error(`no member with email ${args.email}`);
    return 1;
  }
  const lines = describeErasure(outcome.counts);
  if (outcome.kind === 'preview') {
    console.log([`Erasing ${outcome.email} would change:`, ...lines].join('\n'));
    console.error(`Nothing was changed. Erasure cannot be undone: run again with --yes to erase ${outcome.email}.`);
    return 1;
  }
  console.log([`Erased ${outcome.email}:`, ...lines, 'Pulse answers and anonymous suggestions were never tied to anyone and are unchanged.'].join('\n'));
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `hearth: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTsx } from '../support/cli.ts';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';


const hearth = runTsx;

const dir = mkdtempSync(join(tmpdir(), 'hearth-cli-'));
const good = join(dir, 'roster.csv');
const bad = join(dir, 'bad.csv');
writeFileSync(good, 'Name,Email,Role,Team,Timezone,Shift\nAna,ana@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30\nSofia,sofia@example.com,supervisor,Support A,,Mon-Fri 08:00-16:30\n');
writeFileSync(bad, 'Name,Email,Role,Team,Timezone,Shift\nAna,ana@example,agent,Support A,,\nBo,bo@example.com,agent,Support A,,Mon-Fri 8-4\n');

describeEachDatabase('npm run hearth -- import', (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => database?.drop());

  it('imports a roster, then reports the same file as unchanged', async () => {
    const env = { DATABASE_URL: database.url };
    const first = await hearth(['src/cli.ts', 'import', good], env);
    expect(first.stdout.trim()).toBe('Roster imported: 2 added, 0 updated, 0 unchanged, 1 new team.');
    expect(first.code).toBe(0);
    const again = await hearth(['src/cli.ts', 'import', good], env);
    expect(again.stdout.trim()).toBe('Roster imported: 0 added, 0 updated, 2 unchanged, 0 new teams.');
  });

  it('reports every bad row with its line number, exits 1 and writes nothing', async () => {
    const result = await hearth(['src/cli.ts', 'import', bad], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Nothing was imported: 2 rows have problems.',
      'line 2: email `ana@example` is not an email address',
      'line 3: shift `Mon-Fri 8-4`: times must look like 08:00-16:30',
    ]);
  });
});

it('answers a missing file, a wrong command and no command with usage, not a stack trace', async () => {
  const env = { DATABASE_URL: `file:${join(dir, 'cli.db')}` };
  const missing = await hearth(['src/cli.ts', 'import', join(dir, 'nope.csv')], env);
  expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read') });
  expect(missing.stderr).toContain('ENOENT');
  expect(missing.stderr).not.toMatch(/\n\s+at /);
  const wrong = await hearth(['src/cli.ts', 'imprt', 'x'], env);
  expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run hearth -- <command>') });
  expect((await hearth(['src/cli.ts'], env)).code).toBe(2);
});

it('refuses to start with bad configuration, listing every problem, exit 1', async () => {
  const result = await hearth(['src/main.ts'], { PORT: 'eighty', HEARTH_TIMEZONE: 'Mars/Base', DATABASE_URL: 'mysql://nope' });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('Hearth cannot start: 3 configuration problems:');
  expect(result.stderr).toContain('PORT:');
  expect(result.stderr).toContain('HEARTH_TIMEZONE:');
  expect(result.stderr).toContain('DATABASE_URL:');
});

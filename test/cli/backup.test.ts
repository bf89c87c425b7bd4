/**
 * `npm run hearth -- backup <file>` and `restore <file>` for the embedded database: a consistent
 * copy taken while Hearth goes on writing, and a round trip that brings the data back.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hearthCli } from '../support/cli.ts';
import type { Database as HearthDatabase } from '../../src/infra/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-backup-'));

const hearth = hearthCli;

describe('backup and restore of the SQLite database', () => {
  let database: TestDatabase;
  let db: HearthDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const count = () => db.client.holiday.count();
  const org = async () => (await db.client.organization.findFirst()) ?? db.client.organization.create({ data: { name: 'Backup Co' } });

  it('takes a consistent copy while Hearth keeps writing, and refuses to overwrite a file', async () => {
    const { id: orgId } = await org();
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await db.client.holiday.create({ data: { orgId, date: `2030-01-01#${written}`, name: `day ${written}` } });
        written += 1;
      }
    })();
    const file = join(dir, 'live.db');
    const result = await hearth(['backup', file], { DATABASE_URL: database.url });
    writing = false;
    await writer;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^backed up \d+ pages to .*live\.db \(schema \d+_\w+\)/);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = (copy.prepare('SELECT COUNT(*) AS n FROM Holiday').get() as { n: number }).n;
      // Some committed state while the writer ran: never a half-written row.
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(written);
    } finally {
      copy.close();
    }
    const again = await hearth(['backup', file], { DATABASE_URL: database.url });
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
  });

  it('restores a backup over later changes, and refuses a file that is not a Hearth database', async () => {
    const { id: orgId } = await org();
    const file = join(dir, 'before.db');
    expect((await hearth(['backup', file], { DATABASE_URL: database.url })).code).toBe(0);
    const before = await count();
    await db.client.holiday.create({ data: { orgId, date: '2031-12-25', name: 'after the backup' } });
    expect(await count()).toBe(before + 1);
    await db.close(); // Hearth stopped
    const restored = await hearth(['restore', file], { DATABASE_URL: database.url });
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringContaining('restored') });
    db = await database.open();
    expect(await count()).toBe(before);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const refused = await hearth(['restore', junk], { DATABASE_URL: database.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not a Hearth database');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await count()).toBe(before);
  });

  it('points PostgreSQL users to pg_dump', async () => {
    const result = await hearth(['backup', join(dir, 'pg.db')], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/none' });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('use pg_dump') });
  });
});

/** The playground driven as a person would: Debian's Chromium through playwright-core. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { chromiumPath, unavailable } from '../support/env.ts';
import { createMemoryLogger } from '../support/logger.ts';

const skip = unavailable('browser');

describe.skipIf(skip !== undefined)('the playground in a browser', () => {
  let database: TestDatabase;
  let hearth: RunningHearth;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hearth.url}/playground`);
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
    await database?.drop();
  });

  it('lets a supervisor type help and see the reply', async () => {
    await page.selectOption('#who', 'sofia.reyes@example.com');
    await page.fill('#composer', 'help');
    await page.click('#send');
    const reply = page.locator('#messages .msg[data-address="ephemeral"]', { hasText: 'Hearth: what you can do' });
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.count()).toBeGreaterThan(0);
  });

  it('shows an agent their welcome DM, whose button answers', async () => {
    await page.selectOption('#who', 'ana.souza@example.com');
    const dm = page.locator('#messages .msg[data-address="dm:ana.souza@example.com"]', { hasText: 'Welcome to Hearth' });
    await dm.waitFor({ timeout: 10_000 });
    await dm.locator('button.action[data-action-id="hearth.whoami"]').click();
    const reply = page.locator('#messages .msg[data-address="ephemeral"]', { hasText: 'You are Ana Souza' });
    await reply.waitFor({ timeout: 10_000 });
  });

  it('fills in a form: a bad time zone is flagged on its field, a good one is saved', async () => {
    await page.fill('#composer', 'hearth settings');
    await page.click('#send');
    const form = page.locator('form.card-form[data-form-id="hearth.settings"]').last();
    await form.waitFor({ timeout: 10_000 });
    await form.locator('[name="timezone"]').fill('Mars/Base');
    await form.locator('button[type="submit"]').click();
    const error = form.locator('[data-field="timezone"] .field-error');
    await error.filter({ hasText: 'is not an IANA zone' }).waitFor({ timeout: 10_000 });
    mkdirSync(join(import.meta.dirname, '..', '..', 'test-results'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-results', 'playground-form.png'), fullPage: true });
    await form.locator('[name="timezone"]').fill('Asia/Tokyo');
    await form.locator('button[type="submit"]').click();
    await page.locator('#messages .msg[data-address="ephemeral"]', { hasText: 'Saved: language English, time zone Asia/Tokyo.' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-results', 'playground.png'), fullPage: true });
  });

  it('sends a file attached with 📎 along with the command: an admin imports a roster', async () => {
    await page.selectOption('#who', 'admin@example.com');
    const csv = 'name,email,role,team,timezone,shift\nVera Voss,vera.voss@example.com,agent,Billing,,Mon-Fri 09:00-17:30\n';
    await page.setInputFiles('#file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await page.textContent('#attached')).toBe('roster.csv');
    await page.fill('#composer', 'hearth roster import');
    await page.click('#send');
    await page.locator('#messages .msg[data-address="ephemeral"]', { hasText: 'Roster imported: 1 added' }).waitFor({ timeout: 10_000 });
    expect(await page.textContent('#attached')).toBe('');
  });
});

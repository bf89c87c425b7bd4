/** The digest page as a leader opens it from chat: Debian's Chromium through playwright-core. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { systemClock } from '../../src/core/clock.ts';
import { questionsForRound } from '../../src/features/pulse/questions.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { chromiumPath, unavailable } from '../support/env.ts';
import { createMemoryLogger } from '../support/logger.ts';

const skip = unavailable('browser');

describe.skipIf(skip !== undefined)('the digest page in a browser', () => {
  let database: TestDatabase;
  let hearth: RunningHearth;
  let browser: Browser;
  let link = '';

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    // Eight weeks of pulse rounds for the demo's teams, one falling.
    const db = hearth.db.client;
    const teams = await db.team.findMany({ orderBy: { name: 'asc' } });
    const now = Date.now();
    for (const [t, team] of teams.entries()) {
      for (let k = 8; k >= 1; k--) {
        const closesAt = new Date(now - k * 7 * 86_400_000);
        const questions = questionsForRound(8 - k, 3).filter((q) => q.scale === 'agree5');
        const round = await db.pulseRound.create({ data: { key: `seed:${team.id}:${k}`, orgId: hearth.app.org.id, teamId: team.id, openedOn: closesAt.toISOString().slice(0, 10), closesAt, questions: JSON.stringify(questions.map((q) => q.id)), status: 'closed', invited: 10, answered: 7 + (k % 3), threshold: 5 } });
        const value = t === 0 ? Math.max(1, 5 - Math.floor((8 - k) / 2)) : 3 + ((k + t) % 2);
        await db.pulseAnswer.createMany({ data: questions.flatMap((q) => Array.from({ length: 7 + (k % 3) }, () => ({ roundId: round.id, questionId: q.id, value }))) });
      }
    }
    const res = await fetch(`${hearth.url}/playground/api/command`, { method: 'POST', body: JSON.stringify({ as: 'morgan.blake@example.com', text: '/digest' }) });
    const reply = ((await res.json()) as { replies: Array<{ text: string }> }).replies[0]!.text;
    link = /Charts and CSV: (\S+)/.exec(reply)![1]!;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
    await database?.drop();
  });

  it('shows the flags, the charts and each team, fits a phone without sideways scrolling, and prints', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(errors).toEqual([]);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Weekly digest for Hearth, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d$/);
    expect(await page.locator('.flags li').first().textContent()).toContain('Billing');
    expect(await page.locator('figure svg polyline').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('section h2').allTextContents()).toEqual(['Billing', 'Support A', '上海热线 Shanghai Hotline']);
    // No sideways scrolling on a phone: the page is no wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    mkdirSync(join(import.meta.dirname, '..', '..', 'test-results'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-results', 'digest-phone.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('refuses a link whose scope was changed', async () => {
    const page = await browser.newPage();
    const changed = new URL(link);
    changed.searchParams.set('scope', 'someone-else');
    const response = await page.goto(changed.toString());
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toBe('This digest link is not valid.');
    await page.close();
  });
});

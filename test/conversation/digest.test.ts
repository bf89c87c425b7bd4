import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('the digest in chat', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  it('goes out every Monday at 09:00 in each reader’s own time zone: everyone’s to leaders, their team’s to supervisors', async () => {
    // Shanghai's Monday 09:00 comes first (01:00 UTC).
    bot.clock.set('2026-12-07T01:01:00Z');
    await bot.app.scheduler.tick();
    expect((await bot.dmsTo('lin.xiao@example.com')).filter((t) => t.startsWith('上海热线 Shanghai Hotline 每周摘要'))).toHaveLength(1);
    expect((await bot.dmsTo('morgan.blake@example.com')).filter((t) => t.startsWith('Weekly digest'))).toHaveLength(0);
    bot.clock.set('2026-12-07T09:01:00Z');
    await bot.app.scheduler.tick();
    expect((await bot.dmsTo('morgan.blake@example.com')).filter((t) => t.startsWith('Weekly digest for Test Centre, 2026-11-30 – 2026-12-06'))).toHaveLength(1);
    expect((await bot.dmsTo('sofia.reyes@example.com')).filter((t) => t.startsWith('Weekly digest for Support A, 2026-11-30 – 2026-12-06'))).toHaveLength(1);
    expect((await bot.dmsTo('ana.souza@example.com')).filter((t) => t.includes('Weekly digest'))).toHaveLength(0);
  });

  it('previews the week under way, and answers a team another supervisor runs with a refusal', async () => {
    bot.clock.set('2026-12-09T12:00:00Z');
    expect((await bot.as('sofia.reyes@example.com').says('/digest preview')).split('\n')[0]).toBe('Weekly digest for Support A, 2026-12-07 – 2026-12-13');
    expect(await bot.as('sofia.reyes@example.com').says('/digest team:Billing')).toBe('⚠️ You can only do that for your own team (Support A).');
    expect((await bot.as('morgan.blake@example.com').says('/digest team:Billing')).split('\n')[0]).toBe('Weekly digest for Billing, 2026-11-30 – 2026-12-06');
  });
});

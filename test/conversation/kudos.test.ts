import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('recognition', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const ana = 'ana.souza@example.com';
  const chloe = 'chloe.martin@example.com';
  const ben = 'ben.carter@example.com';
  const posts = async (channel: string) => (await bot.app.deliveries.drain(), bot.adapter.sent.filter((s) => s.destination.kind === 'channel' && s.destination.channel === channel).map((s) => s.message.text));

  it('posts a kudos card where the teams see it and tells the people thanked', async () => {
    expect(await bot.as(ana).says(`/kudos ${chloe} ${ben} for customer hero calmed a furious caller about a double charge`)).toBe(
      'Thank you! Your kudos to Chloe Martin, Ben Carter for customer hero is posted for the team to see.',
    );
    expect(await posts('support-a')).toContain('Ana Souza thanks Chloe Martin, Ben Carter\ncustomer hero: calmed a furious caller about a double charge');
    expect((await posts('billing')).some((t) => t.startsWith('Ana Souza thanks Chloe Martin, Ben Carter'))).toBe(true);
    expect(await bot.dmsTo(chloe)).toContain('Ana Souza thanked you (with Chloe Martin, Ben Carter)\ncustomer hero: calmed a furious caller about a double charge');
    // In Chinese, for a Chinese-speaking colleague, with the value in Chinese.
    expect(await bot.as('wang.fang@example.com').says('/kudos li.na@example.com 因为 帮助同事 替我接了三个电话')).toBe('谢谢！你对 李娜 的点赞（帮助同事）已发布，团队都能看到。');
  });

  it('offers a form too, with problems shown on their fields, and shows recent thanks on the home view', async () => {
    const [form] = await bot.as(ben).asks('/kudos');
    expect(form?.form?.id).toBe('kudos.form');
    expect(await bot.as(ben).submits('kudos.form', { who: 'ghost@example.com', value: 'great-idea', message: 'for the queue script' })).toEqual({
      text: '', errors: { who: "I can't find `ghost@example.com` on the roster. Mention them (@name) or use their email." },
    });
    expect(await bot.as(ben).submits('kudos.form', { who: '', value: 'nonsense', message: '' })).toMatchObject({ errors: { who: expect.any(String) as string, value: expect.any(String) as string, message: 'Add a few words on what they did.' } });
    expect((await bot.as(ben).submits('kudos.form', { who: 'hugo.bernard@example.com', value: 'stepped-up', message: 'took the escalation line all afternoon' })).text).toBe(
      'Thank you! Your kudos to Hugo Bernard for stepped up is posted for the team to see.',
    );
    expect(await bot.as('hugo.bernard@example.com').opensHome()).toContain('Ben Carter thanked you: stepped up');
  });

  it('refuses self-kudos, unknown values and people, and a missing message, each clearly', async () => {
    expect((await bot.as(ana).says(`/kudos ${ana} for great idea me again`)).split('\n')[0]).toBe('⚠️ Kudos are for others: you cannot thank yourself.');
    expect((await bot.as(ana).says(`/kudos ${chloe} for being nice yes`)).split('\n')[0]).toBe(
      '⚠️ Say which value it is for, right after "for": helped a teammate, customer hero, great idea, learned something new, stepped up.',
    );
    expect((await bot.as(ana).says('/kudos nobody@example.com for great idea x y z')).split('\n')[0]).toBe("⚠️ I can't find `nobody@example.com` on the roster. Mention them (@name) or use their email.");
    expect((await bot.as(ana).says(`/kudos ${chloe} for stepped-up`)).split('\n')[0]).toBe('⚠️ Add a few words on what they did.');
    expect((await bot.as(ana).says(`/kudos ${chloe} great idea`)).split('\n')[0]).toBe('⚠️ Who, and for what? e.g. `/kudos @Ana for customer-hero calmed a furious caller`.');
  });

  it('keeps to a daily limit, says when it is reached and when it resets', async () => {
    bot.clock.set('2026-12-01T18:00:00Z');
    // Ana thanked two people today already; two more, then the fifth is her last.
    await bot.as(ana).says('/kudos emma.wilson@example.com grace.lee@example.com for stepped up covered the late shift');
    expect(await bot.as(ana).says('/kudos isla.murphy@example.com for great idea the queue callback script')).toBe(
      'Thank you! Your kudos to Isla Murphy for great idea is posted for the team to see.\nThat was your last kudos for today; you can give more from midnight (in about 6 h).',
    );
    expect((await bot.as(ana).says('/kudos kiran.patel@example.com for great idea another one')).split('\n')[0]).toBe(
      '⚠️ You can recognise 5 people a day, and have 0 left today; more from midnight (in about 6 h).',
    );
    bot.clock.set('2026-12-02T00:30:00Z');
    expect(await bot.as(ana).says('/kudos kiran.patel@example.com for great idea another one')).toContain('Thank you!');
  });

  it('celebrates the month’s top without naming the bottom', async () => {
    await bot.as(ben).says(`/kudos ${chloe} for helped a teammate showed me the refund screen`);
    const board = await bot.as(ben).says('/kudos leaderboard');
    const lines = board.split('\n');
    expect(lines[0]).toBe('Recognition leaders, 2026-12');
    expect(lines[1]).toBe('🥇 Chloe Martin · 2 points');
    // Eight people were thanked: the top half is shown, the rest are only counted, never named.
    expect(lines.slice(1, -1)).toHaveLength(4);
    expect(lines.at(-1)).toBe('And 4 more people were thanked this month. Thank you all!');
    expect(await bot.as(ben).says('/kudos leaderboard month:2026-11')).toBe('No recognition yet in 2026-11. Be the first: `/kudos @name for …`.');
    // There is no year 0, and PostgreSQL refuses one: a clear answer, not "something went wrong" (found by the fuzz suite).
    expect((await bot.as(ben).says('/kudos leaderboard month:0000-01')).split('\n')[0]).toBe('⚠️ `0000-01` is not a month; write it like 2026-12.');
    expect((await bot.as(ben).says('/kudos leaderboard month:0001-01')).split('\n')[0]).toBe('No recognition yet in 0001-01. Be the first: `/kudos @name for …`.');
  });

  it('nudges supervisors on Mondays about agents nobody has recognised for weeks', async () => {
    bot.clock.set('2026-12-07T09:01:00Z');
    await bot.app.scheduler.tick();
    const nudge = (await bot.dmsTo('sofia.reyes@example.com')).find((t) => t.startsWith('Praise more, blame less'));
    expect(nudge).toBeDefined();
    expect(nudge).toContain('Ana Souza');
    expect(nudge).not.toContain('Chloe Martin');
    expect(nudge).not.toContain('Isla Murphy');
    expect((await bot.dmsTo('james.park@example.com')).find((t) => t.startsWith('Praise more'))).not.toContain('Ben Carter');
  });
  it('counts the same thanks sent twice within minutes once, and finishes one whose posts were lost to an outage', async () => {
    const words = 'the callback script that saves a minute a call';
    const command = `/kudos ${ben} for great idea ${words}`;
    const thanks = 'Thank you! Your kudos to Ben Carter for great idea is posted for the team to see.';
    expect(await bot.as(chloe).says(command)).toBe(thanks);
    const kudos = await bot.db.client.kudos.findFirstOrThrow({ where: { message: words } });
    // As if the database went away after the kudos was saved and before its posts were queued
    // (Chloe was told to try again): its posts are not in the queue.
    const lost = await bot.db.client.delivery.deleteMany({ where: { key: { contains: kudos.id } } });
    expect(lost.count).toBeGreaterThan(1);
    bot.clock.advance(3 * 60_000);
    expect(await bot.as(chloe).says(command)).toBe(thanks);
    // …and pressed Enter twice.
    expect(await bot.as(chloe).says(command)).toBe(thanks);
    expect(await bot.db.client.kudos.count({ where: { message: words } })).toBe(1);
    expect(await bot.db.client.points.count({ where: { ref: kudos.id } })).toBe(1);
    const card = `Chloe Martin thanks Ben Carter\ngreat idea: ${words}`;
    expect((await posts('billing')).filter((t) => t === card)).toHaveLength(1);
    expect((await bot.dmsTo(ben)).filter((t) => t.endsWith(words))).toHaveLength(1);
    // Later, the same words are a new kudos.
    bot.clock.advance(10 * 60_000);
    expect(await bot.as(chloe).says(command)).toBe(thanks);
    expect(await bot.db.client.kudos.count({ where: { message: words } })).toBe(2);
    expect((await posts('billing')).filter((t) => t === card)).toHaveLength(2);
  });
});

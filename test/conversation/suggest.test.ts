import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('suggestions and the oversight group', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const ana = 'ana.souza@example.com';
  const grace = 'grace.lee@example.com';
  const omar = 'omar.aziz@example.com';
  const leader = 'morgan.blake@example.com';
  let anonymousCode = '';

  it('lets leaders set up the oversight group, and tells each new member', async () => {
    expect((await bot.as(ana).says(`/hearth oversight add ${grace}`)).split('\n')[0]).toBe('⚠️ `hearth oversight add` is for leaders; you are agent.');
    expect(await bot.as(leader).says(`/hearth oversight add ${grace} ${omar}`)).toBe('Added Grace Lee, Omar Aziz. The oversight group: Grace Lee, Omar Aziz.');
    expect(await bot.as(ana).says('/hearth oversight')).toBe('The oversight group: Grace Lee, Omar Aziz.');
    expect((await bot.dmsTo(grace)).some((t) => t.startsWith('You are now on the suggestions oversight group'))).toBe(true);
  });

  it('takes a suggestion from anyone, tells the group, and the author at every step', async () => {
    expect(await bot.as(ana).says('/suggest Put the refund policy on the agent desktop so we stop putting callers on hold')).toBe(
      'Thank you! Suggestion #1 is with the oversight group; you will hear at every step.',
    );
    expect((await bot.dmsTo(grace)).find((t) => t.startsWith('New suggestion #1 from Ana Souza'))).toContain('`/suggest review 1`');
    expect((await bot.as(ana).says('/suggest review 1')).split('\n')[0]).toBe('⚠️ Suggestions are moved along by the oversight group (Grace Lee, Omar Aziz) and admins.');
    expect(await bot.as(grace).says('/suggest review 1')).toBe('Suggestion #1 is now under review; its author was told.');
    expect((await bot.as(grace).says('/suggest review 1')).split('\n')[0]).toBe('⚠️ Suggestion #1 is under review, so it cannot take that step.');
    expect((await bot.as(grace).says('/suggest adopt 1 owner:sofia.reyes@example.com due:2026-11-01')).split('\n')[0]).toBe('⚠️ 2026-11-01 has already passed.');
    expect(await bot.as(grace).says('/suggest adopt 1 owner:sofia.reyes@example.com due:2026-12-20')).toBe(
      'Suggestion #1 is adopted: Sofia Reyes owns it, due 2026-12-20. Its author was told and thanked in public.',
    );
    const told = await bot.dmsTo(ana);
    expect(told).toContain('Your suggestion #1 is now under review by the oversight group.');
    expect(told).toContain('Great news: your suggestion #1 was adopted! Sofia Reyes will carry it out by 2026-12-20, and you earned 50 points.');
    expect(await bot.dmsTo('sofia.reyes@example.com')).toContainEqual(expect.stringMatching(/^You own suggestion #1: /));
    expect(bot.adapter.sent.some((s) => s.destination.kind === 'channel' && s.destination.channel === 'general' && s.message.text.startsWith('Suggestion #1 by Ana Souza was adopted'))).toBe(true);
    // The reward counts on the leaderboard.
    expect(await bot.as(ana).says('/kudos leaderboard')).toContain('🥇 Ana Souza · 50 points');
  });

  it('reminds the owner and the group when an adopted idea is late, then lets the owner close it', async () => {
    bot.clock.set('2026-12-21T09:01:00Z');
    await bot.app.scheduler.tick();
    expect((await bot.dmsTo('sofia.reyes@example.com')).some((t) => t.startsWith('Suggestion #1, “Put the refund policy') && t.includes('is 1 day late'))).toBe(true);
    expect((await bot.dmsTo(omar)).some((t) => t.includes('is 1 day late'))).toBe(true);
    // Not again the next day: weekly, not a nag.
    bot.clock.set('2026-12-22T09:01:00Z');
    await bot.app.scheduler.tick();
    expect((await bot.dmsTo(omar)).filter((t) => /\d+ days? late/.test(t))).toHaveLength(1);
    expect(await bot.as('sofia.reyes@example.com').says('/suggest implement 1')).toBe('Suggestion #1 is now implemented; its author was told.');
    expect(await bot.dmsTo(ana)).toContain('Your suggestion #1 has been implemented. Thank you for making things better!');
  });

  it('keeps an anonymous suggestion anonymous: no author anywhere, a code to follow it, erased from the queue once sent', async () => {
    const reply = await bot.as('emma.wilson@example.com').says('/suggest anonymous Supervisors should take a live call with us once a week', {
      id: 'EvANON1', replyTo: { kind: 'dm', userId: 'emma.wilson@example.com', workspace: 'local' },
    });
    expect(reply).toBe('');
    const [dm] = (await bot.dmsTo('emma.wilson@example.com')).filter((t) => t.includes('Anonymous suggestion #2'));
    anonymousCode = /`([0-9A-F]{5}-[0-9A-F]{5})`/.exec(dm!)![1]!;
    const row = await bot.db.client.suggestion.findUniqueOrThrow({ where: { id: 2 } });
    expect(row).toMatchObject({ authorId: null, anonymous: true });
    expect(row.receiptHash).not.toContain(anonymousCode);
    const deliveries = await bot.db.client.delivery.findMany({ where: { address: 'emma.wilson@example.com' } });
    expect(deliveries.some((d) => d.payload.includes(anonymousCode) || d.payload.includes('#2'))).toBe(false);
    expect((await bot.dmsTo(grace)).find((t) => t.startsWith('New suggestion #2'))).toContain('from anonymous');
    expect(await bot.as('emma.wilson@example.com').says(`/suggest status ${anonymousCode.toLowerCase()}`)).toMatch(/^#2 · submitted · anonymous: Supervisors should/);
    expect((await bot.as('emma.wilson@example.com').says('/suggest status ABCDE-12345')).split('\n')[0]).toBe('⚠️ No suggestion has that code.');
    expect(await bot.as(omar).says('/suggest decline 2 reason:"We will try shadowing first"')).toBe('Suggestion #2 is now declined; its author was told.');
  });

  it('shows everyone the adoption rate and the list, and takes ideas through a form', async () => {
    const [form] = await bot.as('chloe.martin@example.com').asks('/suggest');
    expect(form?.form?.id).toBe('suggest.form');
    expect(await bot.as('chloe.martin@example.com').submits('suggest.form', { text: 'short', anonymous: 'no' })).toEqual({ text: '', errors: { text: 'Tell us a little more: at least a sentence.' } });
    expect((await bot.as('chloe.martin@example.com').submits('suggest.form', { text: 'A quiet room for breaks between difficult calls', anonymous: 'no' })).text).toBe(
      'Thank you! Suggestion #3 is with the oversight group; you will hear at every step.',
    );
    expect(await bot.as(ana).says('/suggest stats')).toMatch(/^2026-Q4, everyone: of 3 suggestions, 1 adopted, 1 implemented\.\nAdoption rate: 33%\.\nMedian time from suggestion to implementation: 21 days\./);
    const list = await bot.as(ana).says('/suggest list');
    expect(list).toContain('#2 · declined (We will try shadowing first) · anonymous: Supervisors should');
    expect(list).toContain('#1 · implemented · Ana Souza: Put the refund policy');
    expect((await bot.as(ana).says('/suggest review the break rota')).split('\n')[0]).toContain('put your idea in quotes');
  });
});

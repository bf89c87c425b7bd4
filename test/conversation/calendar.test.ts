import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { textMessage } from '../../src/core/message.ts';

describeEachDatabase('holidays and prompt hours', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const agent = 'ana.souza@example.com';
  const supervisor = 'sofia.reyes@example.com';
  const leader = 'morgan.blake@example.com';

  it('lets a leader add an organisation-wide holiday and everyone list it', async () => {
    expect(await bot.as(leader).says('/hearth holiday add 2026-12-25 "Christmas Day"')).toBe('Added 2026-12-25 “Christmas Day” for everyone: nothing will be scheduled that day.');
    expect(await bot.as(leader).says('/hearth holiday add 2026-12-25 Christmas')).toBe('2026-12-25 is already a day off for everyone.');
    expect(await bot.as(agent).says('/hearth holiday list')).toContain('2026-12-25 · Christmas Day · everyone');
  });

  it('gives a supervisor’s holiday to their own team only, and refuses another team', async () => {
    expect(await bot.as(supervisor).says('/hearth holiday add 2026-12-28 "Team offsite"')).toBe('Added 2026-12-28 “Team offsite” for Support A: nothing will be scheduled that day.');
    expect(await bot.as(supervisor).says('/hearth holiday add 2026-12-29 x team:Billing')).toBe('⚠️ You can only do that for your own team (Support A).');
    expect(await bot.as(agent).says('/hearth holiday add 2026-12-30 x')).toBe('⚠️ `hearth holiday add` is for supervisors; you are agent.');
    const list = await bot.as(leader).says('/hearth holiday list');
    expect(list).toContain('2026-12-28 · Team offsite · Support A');
  });

  it('answers impossible dates and missing names with the usage line', async () => {
    const reply = await bot.as(leader).says('/hearth holiday add 2026-02-30 "Nope"');
    expect(reply.split('\n')[0]).toBe('⚠️ `2026-02-30` is not a date; write it like 2026-12-25.');
    expect(reply).toContain('Usage:');
    // No year 0 (PostgreSQL would refuse to store it).
    expect((await bot.as(leader).says('/hearth holiday add 0000-12-25 "Nope"')).split('\n')[0]).toBe('⚠️ `0000-12-25` is not a date; write it like 2026-12-25.');
    expect((await bot.as(leader).says('/hearth holiday add 2026-12-31')).split('\n')[0]).toBe('⚠️ Missing the holiday’s name, e.g. "Christmas".');
    expect((await bot.as(leader).says('/hearth holiday remove 2027-01-05')).split('\n')[0]).toBe('⚠️ 2027-01-05 is not a day off for everyone.');
    expect(await bot.as(leader).says('/hearth holiday remove 2026-12-25')).toBe('Removed the day off on 2026-12-25 for everyone.');
  });

  it('lets a supervisor set quiet hours and break windows, and validates them', async () => {
    expect(await bot.as(supervisor).says('/hearth hours quiet:20:00-08:00 breaks:"12:30-13:00, 15:00-15:15"')).toBe(
      'Prompt hours for Support A: quiet 20:00-08:00; breaks 12:30-13:00, 15:00-15:15. Outside breaks, agents get prompts in the half hour before a shift or the hour after it.',
    );
    expect((await bot.as(supervisor).says('/hearth hours breaks:lunchtime')).split('\n')[0]).toBe('⚠️ breaks: `lunchtime` is not a time window; write it like 12:30-13:00.');
    expect(await bot.as(agent).says('/hearth hours quiet:none')).toBe('⚠️ `hearth hours` for Support A is for its supervisors, leaders and admins.');
    expect(await bot.as(agent).says('/hearth hours')).toContain('quiet 20:00-08:00');
  });

  it('holds a prompt to an agent until their shift allows it, but not a plain message', async () => {
    // Tuesday 1 December 2026, 10:00 London: Ana (Mon-Fri 08:00-16:30) is on the phones; her
    // team's break window 12:30-13:00 is the first moment a prompt may reach her.
    bot.clock.set('2026-12-01T10:00:00Z');
    const ana = (await bot.store.findMemberByEmail(bot.app.org.id, agent))!;
    const { at } = await bot.app.messenger.prompt(ana, textMessage('How was your week?'), 'test-prompt:1');
    expect(at.toISOString()).toBe('2026-12-01T12:30:00.000Z');
    await bot.app.messenger.toMember(ana, textMessage('FYI'), 'test-plain:1');
    expect((await bot.dmsTo(agent)).filter((t) => t === 'How was your week?' || t === 'FYI')).toEqual(['FYI']);
    bot.clock.set('2026-12-01T12:30:00Z');
    expect((await bot.dmsTo(agent)).filter((t) => t === 'How was your week?')).toEqual(['How was your week?']);
  });
});

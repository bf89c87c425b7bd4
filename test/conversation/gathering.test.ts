import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('go-Dutch gatherings', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true, currency: 'CNY' });
  });
  afterAll(async () => bot?.close());

  const agent = 'ana.souza@example.com';
  const supervisor = 'sofia.reyes@example.com';
  const leader = 'morgan.blake@example.com';
  const billingAgent = 'ben.carter@example.com';
  const going = ['chloe.martin@example.com', 'emma.wilson@example.com', 'grace.lee@example.com'];
  const rsvp = async (email: string, answer: 'yes' | 'no') => {
    const [announce] = (await bot.db.client.gathering.findMany({ orderBy: { createdAt: 'desc' }, take: 1 }));
    return bot.as(email).clicks('gathering.rsvp', `${announce!.id}:${answer}`);
  };

  it('lets an agent plan one for their team: announced in the channel with buttons, team invited, rank not shown', async () => {
    const reply = await bot.as(agent).says('/gathering plan "Winter hotpot" 2026-12-18 19:00 place:"Haidilao, Oxford St"');
    expect(reply).toBe('Planned “Winter hotpot” on 2026-12-18 at 19:00 for Support A: announced in the channel, and 10 people invited. Everyone pays their own share.');
    await bot.app.deliveries.drain();
    const post = bot.adapter.sent.find((s) => s.destination.kind === 'channel' && s.destination.channel === 'support-a' && s.message.text.includes('Winter hotpot'));
    expect(post?.message.blocks.find((b) => b.type === 'actions')).toMatchObject({ actions: [{ id: 'gathering.rsvp', label: 'I’m in' }, { id: 'gathering.rsvp', label: 'Can’t make it' }] });
    expect(post?.message.text).not.toMatch(/agent|supervisor/i);
    // The invitations are prompts: they wait for the end of each person's shift.
    bot.clock.set('2026-12-01T21:00:00Z');
    expect((await bot.dmsTo('emma.wilson@example.com')).some((t) => t.startsWith('*Winter hotpot*: 2026-12-18 at 19:00'))).toBe(true);
    // Chloe works weekends only: hers waits for Saturday morning, before her shift.
    expect((await bot.dmsTo('chloe.martin@example.com')).some((t) => t.startsWith('*Winter hotpot*'))).toBe(false);
    bot.clock.set('2026-12-05T08:30:00Z');
    expect((await bot.dmsTo('chloe.martin@example.com')).some((t) => t.startsWith('*Winter hotpot*'))).toBe(true);
  });

  it('takes RSVPs from the buttons, and lists who is going by name only', async () => {
    for (const email of going) expect(await rsvp(email, 'yes')).toMatch(/^You’re in for “Winter hotpot” on 2026-12-18 at 19:00\. \d going\.$/);
    expect(await rsvp(supervisor, 'yes')).toContain('5 going');
    expect(await rsvp('omar.aziz@example.com', 'no')).toBe('Noted: you can’t make “Winter hotpot” on 2026-12-18. Change your mind any time with the buttons.');
    expect(await rsvp(billingAgent, 'yes')).toBe('⚠️ “Winter hotpot” is for another team.');
    expect(await bot.as(agent).says('/gathering who')).toBe('“Winter hotpot”: 5 going: Ana Souza, Chloe Martin, Emma Wilson, Grace Lee, Sofia Reyes');
    expect(await bot.as(agent).says('/gathering list')).toContain('*Winter hotpot* · 2026-12-18 19:00 · Haidilao, Oxford St · 5 going');
    expect(await bot.as(agent).opensHome()).toContain('2026-12-18 19:00: Winter hotpot');
    expect(await bot.as('mateo.rossi@example.com').opensHome()).toContain('2026-12-18 19:00: Winter hotpot, are you coming? `/gathering list`');
  });

  it('reminds those coming the day before and on the day', async () => {
    bot.clock.set('2026-12-17T10:01:00Z');
    await bot.app.scheduler.tick();
    bot.clock.set('2026-12-17T21:00:00Z');
    expect((await bot.dmsTo('emma.wilson@example.com')).filter((t) => t.startsWith('Tomorrow: *Winter hotpot*'))).toHaveLength(1);
    expect((await bot.dmsTo('omar.aziz@example.com')).filter((t) => t.includes('Tomorrow: *Winter hotpot*'))).toHaveLength(0);
    bot.clock.set('2026-12-18T16:00:00Z');
    await bot.app.scheduler.tick();
    expect(await bot.dmsTo(supervisor)).toContain('Today: *Winter hotpot* at 19:00, Haidilao, Oxford St. See you there!');
  });

  it('splits the bill to the fen among those who came, says who owes whom, and refuses a second split', async () => {
    bot.clock.set('2026-12-18T21:30:00Z');
    expect((await bot.as(agent).says('/gathering split 12,34.5')).split('\n')[0]).toBe('⚠️ `12,34.5` is not an amount in CNY; write it like 1234.50.');
    expect((await bot.as('grace.lee@example.com').says('/gathering split 100 paid-by:ana.souza@example.com')).split('\n')[0]).toBe('⚠️ The bill is split by whoever paid, the organiser, or a supervisor.');
    // Grace said yes but did not come; Isla turned up anyway.
    const reply = await bot.as(agent).says('/gathering split ¥1,234.57 -@grace.lee@example.com +@isla.murphy@example.com');
    const lines = reply.split('\n');
    // An English reader sees CN¥, the unambiguous symbol for yuan.
    expect(lines[0]).toBe('“Winter hotpot”: CN¥1,234.57 paid by Ana Souza, split evenly among 5.');
    expect(lines.slice(1).map((l) => l.replace(/CN¥246\.9[12]$/, 'share')).sort()).toEqual([
      'Chloe Martin owes Ana Souza share', 'Emma Wilson owes Ana Souza share', 'Isla Murphy owes Ana Souza share', 'Sofia Reyes owes Ana Souza share',
    ]);
    const shares = await bot.db.client.gatheringShare.findMany();
    expect(shares.reduce((sum, s) => sum + s.amountMinor, 0)).toBe(123457);
    expect(Math.max(...shares.map((s) => s.amountMinor)) - Math.min(...shares.map((s) => s.amountMinor))).toBeLessThanOrEqual(1);
    expect(shares).toHaveLength(5);
    expect((await bot.dmsTo('isla.murphy@example.com')).some((t) => /^Your share of “Winter hotpot” is CN¥246\.9[12]: please pay Ana Souza/.test(t))).toBe(true);
    expect((await bot.as(agent).says('/gathering split 10')).split('\n')[0]).toBe('⚠️ The bill for “Winter hotpot” is already split: see `/gathering bill`.');
  });

  it('settles shares: your own, or someone else’s when you paid; tells the payer', async () => {
    expect(await bot.as('chloe.martin@example.com').says('/gathering settle')).toMatch(/^Marked Chloe Martin’s CN¥246\.9[12] to Ana Souza as paid\. 3 shares still open\.$/);
    expect(await bot.as('chloe.martin@example.com').says('/gathering settle')).toBe('Chloe Martin’s share was already marked as paid.');
    expect((await bot.as('chloe.martin@example.com').says('/gathering settle emma.wilson@example.com')).split('\n')[0]).toBe('⚠️ Only the person who paid or the organiser can mark someone else’s share as paid.');
    expect(await bot.as(agent).says('/gathering settle emma.wilson@example.com')).toMatch(/2 shares still open\.$/);
    expect((await bot.dmsTo(agent)).some((t) => t.startsWith('Chloe Martin marked their CN¥246.9'))).toBe(true);
    const bill = await bot.as('grace.lee@example.com').says('/gathering bill');
    expect(bill.split('\n')).toEqual([
      '“Winter hotpot”: CN¥1,234.57, paid by Ana Souza',
      expect.stringMatching(/^Ana Souza · CN¥246\.9[12] · paid$/),
      expect.stringMatching(/^Chloe Martin · CN¥246\.9[12] · paid$/),
      expect.stringMatching(/^Emma Wilson · CN¥246\.9[12] · paid$/),
      expect.stringMatching(/^Isla Murphy · CN¥246\.9[12] · not paid yet$/),
      expect.stringMatching(/^Sofia Reyes · CN¥246\.9[12] · not paid yet$/),
    ]);
  });

  it('keeps organisation-wide gatherings to leaders, refuses the past, and cancels telling everyone coming', async () => {
    bot.clock.set('2026-12-20T09:00:00Z');
    expect((await bot.as(agent).says('/gathering plan "New year" 2027-01-08 19:00 team:all')).split('\n')[0]).toBe('⚠️ Gatherings for everyone are planned by leaders and admins; plan one for your team instead.');
    expect((await bot.as(leader).says('/gathering plan "Old news" 2026-12-19 19:00')).split('\n')[0]).toBe('⚠️ 2026-12-19 19:00 has already passed.');
    expect((await bot.as(leader).says('/gathering plan 2027-01-08 19:00')).split('\n')[0]).toBe('⚠️ Missing a title, then the date and time, e.g. "Winter hotpot" 2026-12-18 19:00.');
    expect(await bot.as(leader).says('/gathering plan New year party 2027-01-08 19:00')).toContain('Planned “New year party” on 2027-01-08 at 19:00 for everyone');
    await rsvp(billingAgent, 'yes');
    expect((await bot.as(agent).says('/gathering cancel gathering:"new year"')).split('\n')[0]).toBe('⚠️ Gatherings for everyone are planned by leaders and admins; plan one for your team instead.');
    expect(await bot.as(leader).says('/gathering cancel gathering:"new year"')).toBe('Cancelled “New year party”; the 1 person coming was told.');
    expect(await bot.dmsTo(billingAgent)).toContain('“New year party” on 2027-01-08 is cancelled.');
    expect(await bot.db.client.occurrence.count({ where: { key: { startsWith: 'gathering.remind:' }, status: 'pending' } })).toBe(0);
  });

  it('takes back invitations still waiting for someone\'s shift when the gathering is cancelled', async () => {
    bot.clock.set('2026-12-21T09:00:00Z');
    expect(await bot.as(agent).says('/gathering plan "Spring picnic" 2027-01-16 12:00')).toContain('10 people invited');
    const picnic = await bot.db.client.gathering.findFirstOrThrow({ where: { title: 'Spring picnic' } });
    const invitations = () => bot.db.client.delivery.findMany({ where: { key: { startsWith: `gathering.invite:${picnic.id}:` } } });
    // Emma's shift ends today; Chloe works weekends only.
    bot.clock.set('2026-12-21T21:00:00Z');
    expect((await bot.dmsTo('emma.wilson@example.com')).some((t) => t.startsWith('*Spring picnic*'))).toBe(true);
    const waiting = (await invitations()).filter((d) => d.status === 'pending').length;
    expect(waiting).toBeGreaterThan(0);
    expect(await bot.as(agent).says('/gathering cancel gathering:"spring picnic"')).toContain('Cancelled “Spring picnic”');
    expect((await invitations()).filter((d) => d.status === 'withdrawn')).toHaveLength(waiting);
    bot.clock.set('2026-12-26T08:30:00Z');
    expect((await bot.dmsTo('chloe.martin@example.com')).some((t) => t.startsWith('*Spring picnic*'))).toBe(false);
    expect(await bot.dmsTo('chloe.martin@example.com')).not.toContain('“Spring picnic” on 2027-01-16 is cancelled.');
  });
});

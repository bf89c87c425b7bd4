import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('role-swap rotations', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const supervisor = 'sofia.reyes@example.com';
  const otherSupervisor = 'james.park@example.com';
  const agent = 'ana.souza@example.com';
  const leader = 'morgan.blake@example.com';
  const supportA = ['ana.souza', 'chloe.martin', 'emma.wilson', 'grace.lee', 'isla.murphy', 'kiran.patel', 'mateo.rossi', 'omar.aziz', 'quinn.walsh', 'sam.taylor'];
  const channelPosts = async () => (await bot.app.deliveries.drain(), bot.adapter.sent).filter((s) => s.destination.kind === 'channel').map((s) => ({ channel: s.destination.kind === 'channel' ? s.destination.channel : '', text: s.message.text }));
  const turnsOf = async (month: string, kind = 'manager-for-a-day') => {
    const rows = await bot.db.client.rotationTurn.findMany({ where: { month, kind, status: 'scheduled' }, orderBy: { date: 'asc' } });
    const members = await bot.db.client.member.findMany({ where: { id: { in: rows.map((r) => r.memberId) } } });
    return rows.map((r) => ({ date: r.date, email: members.find((m) => m.id === r.memberId)!.email.split('@')[0]! }));
  };

  it('tells an agent who may schedule, and a supervisor that another team is not theirs', async () => {
    expect(await bot.as(agent).says('/rotation schedule manager-for-a-day month:2026-12')).toBe('⚠️ `rotation schedule` is for supervisors; you are agent.\nAsk Sofia Reyes.');
    expect(await bot.as(otherSupervisor).says('/rotation schedule manager-for-a-day team:"Support A" month:2026-12')).toBe('⚠️ You can only do that for your own team (Billing).');
    const wrong = await bot.as(supervisor).says('/rotation schedule boss-for-a-day month:2026-12');
    expect(wrong.split('\n')[0]).toBe('⚠️ `boss-for-a-day` is not a kind of swap: use manager-for-a-day or agent-for-a-day.');
    expect(wrong).toContain('Usage: `/rotation schedule manager-for-a-day|agent-for-a-day');
    expect((await bot.as(supervisor).says('/rotation schedule manager-for-a-day month:2026-13')).split('\n')[0]).toBe('⚠️ `2026-13` is not a month; write it like 2026-12.');
    expect((await bot.as(supervisor).says('/rotation schedule manager-for-a-day month:2026-11')).split('\n')[0]).toBe('⚠️ 2026-11 has already passed.');
    expect((await bot.as(supervisor).says('/rotation schedule manager-for-a-day month:2026-12 count:40')).split('\n')[0]).toBe('⚠️ `count:40` must be a whole number from 1 to 10.');
  });

  it('schedules manager for a day: two agents on working days, away on different days, told by DM and in the channel', async () => {
    await bot.as(leader).says('/hearth holiday add 2026-12-24 "Christmas Eve"');
    const reply = await bot.as(supervisor).says('/rotation schedule manager-for-a-day month:2026-12');
    expect(reply.split('\n')[0]).toBe('Scheduled manager for a day for Support A in 2026-12; each person has a DM and the team channel the news:');
    const turns = await turnsOf('2026-12');
    expect(turns).toHaveLength(2);
    expect(new Set(turns.map((x) => x.date)).size).toBe(2);
    for (const turn of turns) {
      expect(supportA).toContain(turn.email);
      // Two days' notice at least, and never on the holiday.
      expect(turn.date >= '2026-12-03' && turn.date !== '2026-12-24').toBe(true);
      // …and on a day the person works.
      const shifts = await bot.db.client.shift.findMany({ where: { member: { email: `${turn.email}@example.com` } } });
      const weekdayBit = 1 << ((new Date(`${turn.date}T12:00:00Z`).getUTCDay() + 6) % 7);
      expect(shifts.some((x) => (x.days & weekdayBit) !== 0)).toBe(true);
    }
    expect(await channelPosts()).toContainEqual({ channel: 'support-a', text: expect.stringContaining('manager for a day in Support A, 2026-12') as string });
    for (const turn of turns) {
      expect(await bot.as(`${turn.email}@example.com`).opensHome()).toContain(`${turn.date}: you are manager for a day`);
      expect(await bot.dmsTo(`${turn.email}@example.com`)).toContainEqual(expect.stringContaining(`You are *manager for a day* on ${turn.date} in Support A.`));
    }
    expect((await bot.as(supervisor).says('/rotation schedule manager-for-a-day month:2026-12')).split('\n')[0]).toBe(
      '⚠️ manager for a day for Support A in 2026-12 is already scheduled. See `/rotation list`, or `/rotation cancel` it first.',
    );
  });

  it('gives everyone a turn before anyone gets a second, month after month', async () => {
    for (const month of ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05']) {
      expect(await bot.as(supervisor).says(`/rotation schedule manager-for-a-day month:${month}`)).toContain('Scheduled manager for a day');
    }
    const first = [...(await turnsOf('2026-12')), ...(await turnsOf('2027-01')), ...(await turnsOf('2027-02')), ...(await turnsOf('2027-03')), ...(await turnsOf('2027-04'))];
    expect(new Set(first.map((x) => x.email)).size).toBe(10);
    // In May the second round starts with those whose turn was longest ago: December's.
    const may = (await turnsOf('2027-05')).map((x) => x.email).sort();
    expect(may).toEqual((await turnsOf('2026-12')).map((x) => x.email).sort());
  });

  it('lists the month for the team', async () => {
    const list = await bot.as(agent).says('/rotation list month:2027-01');
    expect(list.split('\n')[0]).toBe('Role swaps, 2027-01');
    expect(list).toContain('*Support A*');
    expect(list).toMatch(/manager for a day: 2027-01-\d\d .+ · 2027-01-\d\d /);
  });

  it('swaps two people’s dates, hands a turn to someone else, and skips to the next in line', async () => {
    const [a, b] = await turnsOf('2027-02');
    expect(await bot.as(supervisor).says(`/rotation swap ${a!.email}@example.com ${b!.email}@example.com month:2027-02`)).toMatch(/^Swapped: .+ is now on 2027-02-\d\d, .+ on 2027-02-\d\d\. Both were told\.$/);
    const after = await turnsOf('2027-02');
    expect(after.find((x) => x.email === a!.email)!.date).toBe(b!.date);
    expect(after.find((x) => x.email === b!.email)!.date).toBe(a!.date);
    // Another team's supervisor may not move Support A's turns, and is told so before anything about them.
    const [x] = await turnsOf('2027-04');
    const refusal = '⚠️ You can only do that for your own team (Billing).';
    expect(await bot.as(otherSupervisor).says(`/rotation skip ${x!.email}@example.com month:2027-04`)).toBe(refusal);
    expect(await bot.as(otherSupervisor).says(`/rotation swap ${x!.email}@example.com ${a!.email}@example.com month:2027-04`)).toBe(refusal);
    expect(await bot.as(otherSupervisor).says('/rotation skip chloe.martin@example.com month:2031-01')).toBe(refusal);
    expect(await turnsOf('2027-04')).toContainEqual(x);
    const [c] = await turnsOf('2027-03');
    const skip = await bot.as(supervisor).says(`/rotation skip ${c!.email}@example.com month:2027-03`);
    expect(skip).toMatch(new RegExp(`skips this turn; .+ takes ${c!.date}\\.`));
    const march = await turnsOf('2027-03');
    expect(march.map((x) => x.email)).not.toContain(c!.email);
    expect(march.some((x) => x.date === c!.date)).toBe(true);
    expect((await bot.as(supervisor).says('/rotation swap nobody@example.com ana.souza@example.com')).split('\n')[0]).toBe(
      "⚠️ I can't find `nobody@example.com` on the roster. Mention them (@name) or use their email.",
    );
  });

  it('reminds the person the day before and asks for a reflection the day after, which reaches the record', async () => {
    const [turn] = await turnsOf('2026-12');
    const email = `${turn!.email}@example.com`;
    const dayBefore = new Date(new Date(`${turn!.date}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    bot.clock.set(`${dayBefore}T07:59:00Z`);
    await bot.app.scheduler.tick();
    expect((await bot.dmsTo(email)).filter((t) => t.startsWith('Tomorrow,'))).toEqual([]);
    bot.clock.set(`${dayBefore}T08:01:00Z`);
    await bot.app.scheduler.tick();
    // Delivered in a window their shift allows: by the morning of the day at the latest.
    bot.clock.set(`${turn!.date}T08:59:00Z`);
    expect((await bot.dmsTo(email)).filter((t) => t.startsWith('Tomorrow,'))).toEqual([expect.stringContaining(`Tomorrow, ${turn!.date}, you are *manager for a day* in Support A.`)]);
    // Late on the day itself the reflection prompt goes out, reaching them as their shift ends.
    bot.clock.set(`${turn!.date}T17:01:00Z`);
    await bot.app.scheduler.tick();
    bot.clock.set(`${turn!.date}T22:00:00Z`);
    expect((await bot.dmsTo(email)).filter((t) => t.startsWith('How was your day'))).toHaveLength(1);
    const [form] = (await bot.app.handle({ kind: 'action', user: { platform: 'playground', workspace: 'local', userId: email, email }, actionId: 'rotation.reflect', value: '' })).replies;
    expect(form?.form?.id).toBe('rotation.reflect');
    expect(await bot.as(email).submits('rotation.reflect', { learned: '', change: '' })).toEqual({ text: '', errors: { learned: 'Tell us at least what you learned.' } });
    expect(await bot.as(email).submits('rotation.reflect', { learned: 'Forecasting drives everything', change: 'Share the queue forecast with agents' })).toEqual({ text: 'Thank you: your reflection will be in the weekly digest.' });
    const row = await bot.db.client.rotationTurn.findFirst({ where: { date: turn!.date, month: '2026-12', status: 'scheduled' } });
    expect(row).toMatchObject({ learned: 'Forecasting drives everything', change: 'Share the queue forecast with agents' });
    expect((await bot.as(email).says('/rotation reflect')).split('\n')[0]).toBe('⚠️ You have no past role swap waiting for a reflection.');
  });

  it('schedules agent for a day for the supervisor, and cancels a month, telling each person', async () => {
    bot.clock.set('2026-12-01T09:00:00Z');
    expect(await bot.as(supervisor).says('/rotation schedule agent-for-a-day month:2027-06')).toContain('Scheduled agent for a day for Support A in 2027-06');
    expect(await turnsOf('2027-06', 'agent-for-a-day')).toEqual([{ date: expect.stringMatching(/^2027-06-/) as string, email: 'sofia.reyes' }]);
    expect(await bot.as(supervisor).says('/rotation cancel month:2027-06')).toBe('Cancelled 1 role swap for Support A in 2027-06; each person was told.');
    expect(await turnsOf('2027-06', 'agent-for-a-day')).toEqual([]);
    bot.clock.set('2026-12-01T17:00:00Z');
    expect((await bot.dmsTo(supervisor)).some((t) => t.startsWith('Your agent for a day on 2027-06-') && t.endsWith('was cancelled.'))).toBe(true);
  });
});

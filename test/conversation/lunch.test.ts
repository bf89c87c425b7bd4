import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('shared lunches', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const leader = 'morgan.blake@example.com';
  const supervisors = ['sofia.reyes@example.com', 'james.park@example.com', 'lin.xiao@example.com'];
  const agents = ['ana.souza', 'chloe.martin', 'ben.carter', 'david.okafor', 'emma.wilson', 'farid.haddad', 'grace.lee', 'hugo.bernard', 'isla.murphy', 'wang.fang', 'li.na', 'quinn.walsh'].map((a) => `${a}@example.com`);
  const silent = 'quinn.walsh@example.com';
  const managerIds = new Map<string, boolean>();
  let programmeId = '';

  const latestRound = async () => (await bot.db.client.lunchRound.findFirst({ orderBy: { at: 'desc' } }))!;
  const tickAt = async (iso: string) => {
    bot.clock.set(iso);
    await bot.app.scheduler.tick();
  };

  it('lets only supervisors and above set it up, with clear answers to bad options', async () => {
    expect(await bot.as(agents[0]!).says('/lunch schedule day:wed time:12:30')).toBe('⚠️ `lunch schedule` is for supervisors; you are agent.\nAsk Sofia Reyes.');
    expect((await bot.as(supervisors[0]!).says('/lunch schedule day:funday time:12:30')).split('\n')[0]).toBe('⚠️ `day:funday` is not a day: use mon, tue, wed, thu, fri, sat or sun.');
    expect((await bot.as(supervisors[0]!).says('/lunch schedule day:wed time:12:30 size:12')).split('\n')[0]).toBe('⚠️ `size:12` must be a group size from 2 to 8.');
    expect((await bot.as(supervisors[0]!).says('/lunch schedule day:wed time:12:30 team:all')).split('\n')[0]).toBe('⚠️ Site-wide lunches are set up by leaders and admins.');
    expect((await bot.as(agents[0]!).says('/lunch join')).split('\n')[0]).toBe('⚠️ There is no shared lunch for Support A yet. A supervisor can start one with `/lunch schedule`.');
  });

  it('sets up a weekly site lunch, invites everyone to opt in, and enrols nobody by surprise', async () => {
    const reply = await bot.as(leader).says('/lunch schedule team:all day:wed time:12:30 every:1 size:4 place:"Canteen, 2nd floor"');
    expect(reply.split('\n')).toEqual([
      'Shared lunch for everyone: every Wednesday at 12:30, groups of about 4, at Canteen, 2nd floor.',
      // Tuesday 1 December: the 2nd is too soon for invitations three days ahead; the 9th is first.
      'Next lunch: 2026-12-09 12:30. 34 people were invited to join; nobody takes part without saying yes.',
      'Note: with 5 managers for 35 people, every group gets a manager, so groups will be larger than asked.',
    ]);
    expect(await bot.db.client.lunchMember.count()).toBe(0);
    programmeId = (await bot.db.client.schedule.findFirstOrThrow({ where: { kind: 'lunch.round' } })).id;
    bot.clock.set('2026-12-01T21:00:00Z');
    const invite = (await bot.dmsTo('emma.wilson@example.com')).find((t) => t.startsWith('Would you like to join the shared lunches?'));
    expect(invite).toContain('every Wednesday at 12:30');
  });

  it('enrols people who say yes, by button or command, and keeps their avoid list private', async () => {
    for (const email of [...supervisors, ...agents]) {
      const chinese = ['lin.xiao@example.com', 'wang.fang@example.com', 'li.na@example.com'].includes(email);
      expect(await bot.as(email).clicks('lunch.join', programmeId)).toBe(
        chinese ? '你已加入。下次午餐：2026-12-09 12:30；提前几天你会收到邀请。' : 'You’re in. Next lunch: 2026-12-09 12:30; you will get an invitation a few days before.',
      );
    }
    expect(await bot.as(leader).says('/lunch join')).toContain('You’re in.');
    for (const m of await bot.db.client.member.findMany()) managerIds.set(m.id, m.role !== 'agent');
    expect(await bot.as(agents[0]!).says('/lunch avoid chloe.martin@example.com')).toBe('Noted, privately: you won’t be grouped with Chloe Martin. Nobody else can see this, including Chloe Martin.');
    expect(await bot.as(agents[0]!).says('/lunch avoid')).toBe('You asked not to be grouped with: Chloe Martin. Only the grouping sees this.');
    expect(await bot.as(agents[1]!).says('/lunch avoid')).toContain('list is empty');
    expect((await bot.as(agents[0]!).says('/lunch avoid nobody@example.com')).split('\n')[0]).toBe("⚠️ I can't find `nobody@example.com` on the roster. Mention them (@name) or use their email.");
    expect(await bot.as('ben.carter@example.com').says('/lunch skip')).toBe('You’ll sit out the next lunch (2026-12-09 12:30).');
  });

  it('invites three days ahead, groups the day before with a manager at every table, apart from those avoided', async () => {
    await tickAt('2026-12-06T12:29:00Z');
    expect(await bot.db.client.lunchRound.count()).toBe(0);
    await tickAt('2026-12-06T12:31:00Z');
    const round = await latestRound();
    expect(round).toMatchObject({ date: '2026-12-09', time: '12:30', status: 'inviting' });
    const rsvps = await bot.db.client.lunchRsvp.findMany({ where: { roundId: round.id }, include: { round: false } });
    expect(rsvps).toHaveLength(16);
    expect(rsvps.filter((r) => r.answer === 'no')).toHaveLength(1); // Ben sits this one out
    for (const email of [leader, ...supervisors, ...agents].filter((e) => e !== silent && e !== 'ben.carter@example.com')) {
      expect(await bot.as(email).clicks('lunch.rsvp', `${round.id}:yes`)).toMatch(/^(Great: you’re in for 2026-12-09 at 12:30\. You’ll hear who you eat with the day before\.|太好了：你将参加 2026-12-09 12:30 的午餐。前一天会告诉你和谁一组。)$/);
    }
    await tickAt('2026-12-08T10:01:00Z');
    const grouped = await bot.db.client.lunchRsvp.findMany({ where: { roundId: round.id, groupNo: { not: null } }, include: { round: false } });
    expect(grouped).toHaveLength(14);
    const groups = new Map<number, string[]>();
    for (const r of grouped) groups.set(r.groupNo!, [...(groups.get(r.groupNo!) ?? []), r.memberId]);
    expect(groups.size).toBe(3);
    for (const members of groups.values()) {
      expect(members.some((id) => managerIds.get(id))).toBe(true);
      expect(members.length === 4 || members.length === 5).toBe(true);
    }
    const ana = (await bot.store.findMemberByEmail(bot.app.org.id, agents[0]!))!.id;
    const chloe = (await bot.store.findMemberByEmail(bot.app.org.id, agents[1]!))!.id;
    expect(grouped.find((r) => r.memberId === ana)!.groupNo).not.toBe(grouped.find((r) => r.memberId === chloe)!.groupNo);
    const dm = (await bot.dmsTo(agents[0]!)).find((t) => t.startsWith('Tomorrow’s shared lunch'));
    expect(dm).toMatch(/^Tomorrow’s shared lunch, 2026-12-09 at 12:30, Canteen, 2nd floor: you eat with .+\.$/);
    expect(dm).not.toContain('Chloe Martin');
    expect(await bot.as(agents[0]!).says('/lunch status')).toContain('On 2026-12-09 you eat with');
    // The home view shows it too, and the invitation still waiting for an answer.
    expect(await bot.as(agents[0]!).opensHome()).toMatch(/\n2026-12-09 12:30: shared lunch with .+/);
    expect(await bot.as(silent).opensHome()).toContain('2026-12-09 12:30: shared lunch, waiting for your answer');
  });

  it('tells the group when someone drops out, and fits a late yes into a group', async () => {
    const round = await latestRound();
    const rsvps = await bot.db.client.lunchRsvp.findMany({ where: { roundId: round.id, groupNo: { not: null } } });
    const dropper = rsvps.find((r) => !managerIds.get(r.memberId))!;
    const dropperEmail = (await bot.store.findMemberById(dropper.memberId))!.email;
    expect(await bot.as(dropperEmail).clicks('lunch.drop', round.id)).toBe('Noted: not this time (2026-12-09). You stay in for the next one.');
    const mates = rsvps.filter((r) => r.groupNo === dropper.groupNo && r.memberId !== dropper.memberId);
    for (const mate of mates) {
      const member = (await bot.store.findMemberById(mate.memberId))!;
      const told = member.locale === 'en' ? 'can’t make the lunch after all; you are still on with' : '去不了了；你们这组还有';
      expect((await bot.dmsTo(member.email)).some((t) => t.includes(told))).toBe(true);
    }
    expect(await bot.as(silent).clicks('lunch.rsvp', `${round.id}:yes`)).toBe('Great: you’re in for 2026-12-09 at 12:30. You’ll hear who you eat with the day before.');
    const joined = await bot.db.client.lunchRsvp.findFirst({ where: { roundId: round.id, memberId: (await bot.store.findMemberByEmail(bot.app.org.id, silent))!.id } });
    expect(joined?.groupNo).not.toBeNull();
    expect((await bot.dmsTo(silent)).some((t) => t.startsWith('Tomorrow’s shared lunch'))).toBe(true);
    await tickAt('2026-12-09T15:31:00Z');
    expect((await latestRound()).status).toBe('done');
    expect((await bot.as(leader).says('/lunch history')).split('\n')[1]).toMatch(/^2026-12-09: .+/);
  });

  it('pauses someone who ignores three invitations in a row, and tells them how to come back', async () => {
    for (const [invite, group, close] of [
      ['2026-12-13T12:31:00Z', '2026-12-15T10:01:00Z', '2026-12-16T15:31:00Z'],
      ['2026-12-20T12:31:00Z', '2026-12-22T10:01:00Z', '2026-12-23T15:31:00Z'],
      ['2026-12-27T12:31:00Z', '2026-12-29T10:01:00Z', '2026-12-30T15:31:00Z'],
    ] as const) {
      await tickAt(invite);
      const round = await latestRound();
      for (const email of [leader, ...supervisors]) await bot.as(email).clicks('lunch.rsvp', `${round.id}:yes`);
      await tickAt(group);
      await tickAt(close);
    }
    const quinn = (await bot.store.findMemberByEmail(bot.app.org.id, silent))!.id;
    expect(await bot.db.client.lunchMember.findFirst({ where: { memberId: quinn } })).toMatchObject({ status: 'paused', ignored: 3 });
    expect((await bot.dmsTo(silent)).filter((t) => t.startsWith('You haven’t answered the last three lunch invitations'))).toHaveLength(1);
    expect(await bot.as(silent).says('/lunch resume')).toMatch(/^Welcome back! Next lunch: 2027-01-06 12:30\.$/);
    expect(await bot.as(agents[2]!).says('/lunch pause until 2027-02-01')).toBe('Lunch invitations paused until 2027-02-01.');
    await tickAt('2027-01-03T12:31:00Z');
    const round = await latestRound();
    const invited = await bot.db.client.lunchRsvp.findMany({ where: { roundId: round.id } });
    const ben = (await bot.store.findMemberByEmail(bot.app.org.id, agents[2]!))!.id;
    expect(invited.some((r) => r.memberId === quinn)).toBe(true);
    expect(invited.some((r) => r.memberId === ben)).toBe(false);
  });

  it('stops the programme and tells everyone taking part', async () => {
    expect(await bot.as(agents[0]!).says('/lunch cancel')).toBe('⚠️ `lunch cancel` is for supervisors; you are agent.\nAsk Sofia Reyes.');
    expect(await bot.as(leader).says('/lunch cancel team:all')).toMatch(/^Cancelled the shared lunches for everyone; 16 people were told\.$/);
    expect(await bot.db.client.occurrence.count({ where: { kind: 'lunch.round', status: 'pending' } })).toBe(0);
  });
});

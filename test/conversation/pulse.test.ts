import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describeEachDatabase('anonymous pulse', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const supportA = ['ana.souza', 'chloe.martin', 'emma.wilson', 'grace.lee', 'isla.murphy', 'kiran.patel', 'mateo.rossi', 'omar.aziz', 'quinn.walsh', 'sam.taylor'].map((n) => `${n}@example.com`);
  const billing = ['ben.carter', 'david.okafor', 'farid.haddad', 'hugo.bernard', 'jack.turner'].map((n) => `${n}@example.com`);
  const shanghai = ['wang.fang', 'li.na', 'zhang.wei', 'liu.yang', 'chen.jing', 'yang.lei', 'zhao.min', 'huang.ting', 'zhou.jie'].map((n) => `${n}@example.com`);
  const comment = 'The new rota makes lunch impossible on Mondays';
  const rounds = async () => bot.db.client.pulseRound.findMany({ orderBy: { key: 'asc' } });
  const roundOf = async (teamName: string) => {
    const team = await bot.db.client.team.findFirstOrThrow({ where: { name: teamName } });
    return bot.db.client.pulseRound.findFirstOrThrow({ where: { teamId: team.id } });
  };
  /** Answers every question of the team's round with `value`, as a click on the buttons would. */
  const answerAll = async (email: string, teamName: string, value: (questionId: string) => number) => {
    const round = await roundOf(teamName);
    const replies: string[] = [];
    for (const q of JSON.parse(round.questions) as string[]) replies.push(await bot.as(email).clicks('pulse.answer', `${round.id}|${q}|${value(q)}`));
    return replies;
  };

  it('lets supervisors schedule a pulse for their team, and tells an agent whom to ask', async () => {
    expect(await bot.as('sofia.reyes@example.com').says('/pulse schedule weekly fri 16:00 questions:3')).toBe(
      'Pulse for Support A: every Friday at 16:00, 3 questions, open for 72 hours. Agents are asked at a moment their shifts allow.',
    );
    expect(await bot.as('james.park@example.com').says('/pulse schedule weekly fri 16:00 questions:3')).toContain('Pulse for Billing');
    expect(await bot.as('lin.xiao@example.com').says('/pulse schedule weekly fri 16:00 questions:3')).toContain('脉搏调查');
    expect(await bot.as(supportA[0]!).says('/pulse schedule weekly fri 16:00')).toBe('⚠️ `pulse schedule` is for supervisors; you are agent.\nAsk Sofia Reyes.');
    expect((await bot.as('sofia.reyes@example.com').says('/pulse schedule daily 16:00')).split('\n')[0]).toBe(
      '⚠️ `daily 16:00`: write how often and which day, e.g. `weekly fri 16:00` or `fortnightly mon 09:30`.',
    );
  });

  it('opens a round for each team on Friday, asks the agents, and takes one anonymous answer per question', async () => {
    await bot.clock.set('2026-12-04T08:01:00Z');
    await bot.app.scheduler.tick();
    bot.clock.set('2026-12-04T16:01:00Z');
    await bot.app.scheduler.tick();
    expect((await rounds()).map((r) => [r.invited, r.status, JSON.parse(r.questions).length])).toEqual([[10, 'open', 3], [10, 'open', 3], [10, 'open', 3]]);
    // Seven of Support A answer 4 to everything (one of them 2), four of Billing, six of Shanghai.
    for (const email of supportA.slice(0, 7)) {
      const replies = await answerAll(email, 'Support A', (q) => (q.startsWith('enps') ? 8 : email === supportA[0] ? 2 : 4));
      expect(replies[0]).toBe('Thank you: recorded anonymously. Nobody, your supervisor included, can see who answered what.');
    }
    for (const email of billing.slice(0, 4)) await answerAll(email, 'Billing', (q) => (q.startsWith('enps') ? 3 : 1));
    for (const email of shanghai.slice(0, 6)) await answerAll(email, '上海热线 Shanghai Hotline', (q) => (q.startsWith('enps') ? 10 : 5));
    expect(await answerAll(supportA[0]!, 'Support A', () => 5)).toEqual(Array(3).fill('You have already answered that question in this round.'));
    const [first] = await answerAll(billing[0]!, 'Support A', () => 3);
    expect(first).toBe('⚠️ That pulse is for another team.');
    // The home view shows the pulse to those who have not answered, and not to those who have.
    expect(await bot.as(supportA[9]!).opensHome()).toContain('A pulse is waiting for your answer, open until 2026-12-07 16:00');
    expect(await bot.as(supportA[0]!).opensHome()).not.toContain('A pulse is waiting');
    expect(await bot.as('sofia.reyes@example.com').says('/pulse status')).toMatch(/^Pulse for Support A: 7 of 10 have answered so far; it closes 2026-12-07 16:00\.$/);
  });

  it('takes an anonymous comment through a form', async () => {
    const [form] = (await bot.app.handle({ kind: 'action', user: { platform: 'playground', workspace: 'local', userId: supportA[1]!, email: supportA[1]! }, actionId: 'pulse.comment', value: '' })).replies;
    expect(form?.form?.id).toBe('pulse.comment');
    expect(await bot.as(supportA[1]!).submits('pulse.comment', { comment: '' })).toEqual({ text: '', errors: { comment: 'Write something, or close this form.' } });
    expect(await bot.as(supportA[1]!).submits('pulse.comment', { comment })).toEqual({ text: 'Thank you: your comment was recorded anonymously.' });
    expect(await bot.as(supportA[1]!).submits('pulse.comment', { comment: 'again' })).toEqual({ text: 'You have already left a comment in this round.' });
  });

  it('reminds only those who have not answered, once', async () => {
    bot.clock.set('2026-12-06T04:01:00Z');
    await bot.app.scheduler.tick();
    bot.clock.set('2026-12-06T16:01:00Z');
    await bot.app.scheduler.tick();
    bot.clock.set('2026-12-07T16:00:00Z');
    const reminded = async (email: string) => (await bot.dmsTo(email)).filter((t) => t.startsWith('A gentle reminder')).length;
    expect(await Promise.all(supportA.map(reminded))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('closes the round, erasing the ballot secret, and tells the supervisor the participation only', async () => {
    bot.clock.set('2026-12-07T16:01:00Z');
    await bot.app.scheduler.tick();
    expect((await rounds()).every((r) => r.status === 'closed' && r.secret === null)).toBe(true);
    expect(await bot.dmsTo('sofia.reyes@example.com')).toContain('The pulse round has closed: 7 of 10 answered. See `/pulse results`.');
    expect(await answerAll(supportA[9]!, 'Support A', () => 3)).toEqual(Array(3).fill('This pulse round has closed.'));
  });

  it('shows a supervisor their team’s scores and comments, and hides a small team from everyone, admins included', async () => {
    const sofia = await bot.as('sofia.reyes@example.com').says('/pulse results');
    expect(sofia).toContain('Support A: 7 of 10 answered (70%)');
    expect(sofia).toMatch(/ {2}Support A: 3\.7 \/ 5 \(7 answers\)/);
    expect(sofia).toContain(`> ${comment}`);
    const james = await bot.as('james.park@example.com').says('/pulse results');
    expect(james).toContain('Billing: 4 of 10 answered (40%)');
    expect(james).toContain('  Billing: hidden: too few answers to keep them anonymous');
    expect(james).not.toMatch(/1\.0 \/ 5/);
    const admin = await bot.as('admin@example.com').says('/pulse results team:Billing');
    expect(admin).not.toMatch(/\d\.\d \/ 5/);
  });

  it('does not let a leader learn the small team by subtracting the others from the total', async () => {
    const leader = await bot.as('morgan.blake@example.com').says('/pulse results');
    const lines = leader.split('\n');
    const firstQuestion = lines.findIndex((l) => l.startsWith('*'));
    const block = lines.slice(firstQuestion + 1, firstQuestion + 5);
    // Billing (4) is hidden; Shanghai (6), the next smallest, is hidden with it; the total and
    // Support A (7) are shown, so total − Support A only gives Billing and Shanghai together.
    expect(block.find((l) => l.startsWith('  Billing:'))).toContain('hidden');
    expect(block.find((l) => l.startsWith('  上海热线 Shanghai Hotline:'))).toContain('hidden');
    expect(block.find((l) => l.startsWith('  Support A:'))).toMatch(/\(7 answers\)/);
    expect(block.find((l) => l.startsWith('  All teams:'))).toMatch(/\(17 answers\)/);
    expect(leader).not.toContain(comment);
  });

  it('hides a team on its own too, whenever the organisation-wide view hides it', async () => {
    // Asking for Shanghai alone would give it away (the total minus Support A minus Shanghai = Billing).
    const alone = await bot.as('morgan.blake@example.com').says('/pulse results team:"上海热线 Shanghai Hotline"');
    expect(alone).not.toMatch(/\d\.\d \/ 5/);
    expect(alone).not.toMatch(/eNPS -?\d+ \(/);
    expect(await bot.as('lin.xiao@example.com').says('/pulse results')).not.toMatch(/\d\.\d \/ 5/);
  });

  it('keeps nothing anywhere that ties an answer or a comment to a person', async () => {
    const tables = provider === 'sqlite'
      ? (await bot.db.client.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")).map((r) => r.name)
      : (await bot.db.client.$queryRawUnsafe<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'")).map((r) => r.name);
    const dump = new Map<string, string[]>();
    for (const table of tables) {
      const rows = await bot.db.client.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${table}"`);
      dump.set(table, rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))));
    }
    const members = await bot.db.client.member.findMany();
    const personal = members.flatMap((m) => [m.id, m.email]);
    // The pulse tables name nobody and keep no time finer than the day a round opened.
    for (const table of ['PulseAnswer', 'PulseBallot', 'PulseComment', 'PulseRound']) {
      for (const row of dump.get(table)!) for (const id of personal) expect(row.includes(id), `${table} contains ${id}`).toBe(false);
    }
    expect(dump.get('PulseAnswer')!.every((r) => Object.keys(JSON.parse(r)).sort().join() === 'id,questionId,roundId,value')).toBe(true);
    // The comment is in the comment table and nowhere else: not in a message, an audit entry or a log.
    for (const [table, rows] of dump) if (table !== 'PulseComment') expect(rows.some((r) => r.includes('lunch impossible')), table).toBe(false);
    expect(bot.logger.lines.some((l) => JSON.stringify(l).includes('lunch impossible'))).toBe(false);
    // No log line carries a pulse answer with its person.
    expect(bot.logger.lines.filter((l) => JSON.stringify(l).includes('pulse.answer'))).toEqual([]);
  });
});

describeEachDatabase('pulse now', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  it('asks the team in a job of its own, a restart part-way through asks the rest, each once, and closing takes back what is unsent', async () => {
    expect(await bot.as('sofia.reyes@example.com').says('/pulse now')).toBe('Pulse round opened for Support A: 10 agents asked, open for 48 hours.');
    const round = await bot.db.client.pulseRound.findFirstOrThrow();
    const ask = () => bot.db.client.occurrence.findUniqueOrThrow({ where: { key: `pulse.ask:${round.id}` } });
    expect(await ask()).toMatchObject({ kind: 'pulse.ask', status: 'done', result: 'asked 10', attempts: 1 });
    const prompts = () => bot.db.client.delivery.findMany({ where: { key: { startsWith: `pulse.ask:${round.id}:` } }, orderBy: { key: 'asc' } });
    const before = await prompts();
    expect(before).toHaveLength(10);

    // What a process killed after queueing four prompts leaves: its claim, and four prompts.
    await bot.db.client.delivery.deleteMany({ where: { id: { in: before.slice(4).map((d) => d.id) } } });
    await bot.db.client.occurrence.update({
      where: { key: `pulse.ask:${round.id}` },
      data: { status: 'running', result: null, finishedAt: null, leaseUntil: new Date(bot.clock.now().getTime() + 10 * 60_000) },
    });
    await bot.app.scheduler.tick();
    expect(await prompts()).toHaveLength(4);
    bot.clock.advance(11 * 60_000);
    await bot.app.scheduler.tick();
    expect(await ask()).toMatchObject({ status: 'done', result: 'asked 10', attempts: 2 });
    const after = await prompts();
    expect(after.map((d) => d.key)).toEqual(before.map((d) => d.key));
    // The four queued before the restart are the same rows, not queued again.
    expect(after.slice(0, 4).map((d) => d.id)).toEqual(before.slice(0, 4).map((d) => d.id));
    expect((await bot.as('sofia.reyes@example.com').says('/pulse now')).split('\n')[0]).toBe('⚠️ A pulse round for Support A is already open: see `/pulse status`.');
    // Nothing was sent yet here: when the round closes, its questions are taken back, not sent late.
    expect((await prompts()).map((d) => d.status)).toEqual(Array(10).fill('pending'));
    bot.clock.advance(49 * 3_600_000);
    await bot.app.scheduler.tick();
    expect(await bot.db.client.pulseRound.findUniqueOrThrow({ where: { id: round.id } })).toMatchObject({ status: 'closed' });
    expect((await prompts()).map((d) => d.status)).toEqual(Array(10).fill('withdrawn'));
  });
});

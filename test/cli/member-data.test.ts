import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hearthCli } from '../support/cli.ts';
import { describeEachDatabase, createTestDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { createMemberDataService } from '../../src/data.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { memberDataPolicy } from '../../src/features/privacy/policy.ts';
import type { MemberExport } from '../../src/features/privacy/member-data.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the data-rights policy', () => {
  const schema = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map((m) => ({
    name: m[1]!,
    fields: m[2]!.split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => /^[a-z]\w*$/.test(w[0] ?? '') && w.length > 1).map((w) => ({ name: w[0]!, type: w[1]! })),
  }));
  // Ids of things that are not people: anything else ending in Id, or a who-did-it name, may hold a member.
  const notPeople = new Set(['id', 'orgId', 'teamId', 'workspaceId', 'scheduleId', 'roundId', 'gatheringId', 'kudosId', 'questionId', 'externalId', 'threadId']);
  const mayHoldMember = (f: { name: string; type: string }) => (f.name.endsWith('Id') && !notPeople.has(f.name)) || /^(createdBy|paidBy|addedBy|[a-z]+By)$/.test(f.name);

  it('decides on every model in the schema, and on no model that is not there', () => {
    expect(models.length).toBeGreaterThan(25);
    expect(Object.keys(memberDataPolicy).sort()).toEqual(models.map((m) => m.name).sort());
  });

  it('names every field that can hold a member id, and only real fields', () => {
    for (const model of models) {
      const policy = memberDataPolicy[model.name as keyof typeof memberDataPolicy];
      const refs: readonly string[] = policy.refs;
      for (const field of model.fields.filter(mayHoldMember)) expect(refs, `${model.name}.${field.name} has no export/erase decision`).toContain(field.name);
      for (const ref of refs) expect(model.fields.map((f) => f.name), `${model.name}.${ref}`).toContain(ref);
      // A relation to Member must be decided too.
      if (model.fields.some((f) => f.type === 'Member')) expect(refs).toContain('memberId');
    }
  });
});

describeEachDatabase('data rights: export and erase', (provider) => {
  let bot: TestBot;
  let anaId: string;
  const ana = 'ana.souza@example.com';
  const chloe = 'chloe.martin@example.com';
  const sofia = 'sofia.reyes@example.com';
  const morgan = 'morgan.blake@example.com';
  const supportA = [ana, chloe, 'emma.wilson@example.com', 'grace.lee@example.com', 'isla.murphy@example.com', 'kiran.patel@example.com'];
  const named = 'Put the refund policy on the agent desktop';
  const anonymous = 'Supervisors should take a live call with us once a week';
  const service = () => createMemberDataService(bot.db.client, bot.clock);
  const orgId = () => bot.app.org.id;
  const tick = async (iso: string) => {
    bot.clock.set(iso);
    await bot.app.scheduler.tick();
  };

  /** Every row of every table, every column, as JSON text. */
  async function dump(): Promise<Map<string, string[]>> {
    const sql = provider === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'";
    const out = new Map<string, string[]>();
    for (const { name } of await bot.db.client.$queryRawUnsafe<Array<{ name: string }>>(sql)) {
      const rows = await bot.db.client.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${name}"`);
      out.set(name, rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort());
    }
    return out;
  }

  /** The figures everyone can see, read the way they see them: the numbers in each reply. */
  async function figures(): Promise<Record<string, string[]>> {
    const numbers = (text: string) => (text.match(/\d+(?:[.,]\d+)?%?/g) ?? []).sort();
    bot.clock.set('2026-12-28T10:00:00Z');
    const stats = await bot.as(morgan).says('/suggest stats');
    expect(stats).toMatch(/\b2 suggestions\b/);
    const out: Record<string, string[]> = {
      suggestStats: numbers(stats),
      pulseResults: numbers(await bot.as(morgan).says('/pulse results')),
      leaderboard: numbers(await bot.as(morgan).says('/kudos leaderboard month:2026-12')),
    };
    // Weeks whose "unthanked" list the erased person was never on (a roster question, not a figure).
    for (const monday of ['2026-12-07', '2026-12-14', '2026-12-21']) {
      bot.clock.set(`${monday}T10:00:00Z`);
      out[`digest ${monday}`] = numbers(await bot.as(morgan).says('/digest'));
      out[`digest ${monday} Support A`] = numbers(await bot.as(sofia).says('/digest'));
    }
    bot.clock.set('2027-01-04T12:00:00Z');
    return out;
  }

  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
    anaId = (await bot.db.client.member.findFirstOrThrow({ where: { email: ana } })).id;
    // Tuesday 1 December: a lunch programme, kudos both ways, two suggestions, a gathering, a pulse, role swaps.
    await bot.as(morgan).says('/hearth oversight add grace.lee@example.com omar.aziz@example.com');
    await bot.as(sofia).says('/lunch schedule day:wed time:12:30 every:1');
    const programmeId = (await bot.db.client.schedule.findFirstOrThrow({ where: { kind: 'lunch.round' } })).id;
    for (const email of [ana, chloe, sofia, 'emma.wilson@example.com']) await bot.as(email).clicks('lunch.join', programmeId);
    expect(await bot.as(ana).says('/lunch avoid kiran.patel@example.com')).toContain('Kiran Patel');
    expect(await bot.as(ana).says(`/kudos ${chloe} for great idea the callback script saved us`)).toContain('Thank you!');
    expect(await bot.as('ben.carter@example.com').says(`/kudos ${ana} for customer hero calmed a furious caller`)).toContain('Thank you!');
    expect(await bot.as(chloe).says(`/kudos ${ana} for helped a teammate showed me the refund screen`)).toContain('Thank you!');
    expect(await bot.as(ana).says(`/suggest ${named}`)).toContain('#1');
    expect(await bot.as(ana).says(`/suggest anonymous ${anonymous}`)).toContain('code');
    expect(await bot.as('grace.lee@example.com').says(`/suggest adopt 1 owner:${sofia} due:2026-12-20`)).toContain('adopted');
    expect(await bot.as(ana).says('/gathering plan "Winter hotpot" 2026-12-18 19:00 place:"Haidilao, Oxford St"')).toContain('Planned');
    const gathering = await bot.db.client.gathering.findFirstOrThrow();
    for (const email of [ana, chloe]) await bot.as(email).clicks('gathering.rsvp', `${gathering.id}:yes`);
    expect(await bot.as(sofia).says('/pulse now')).toContain('Support A');
    const round = await bot.db.client.pulseRound.findFirstOrThrow();
    for (const [i, email] of supportA.entries()) {
      for (const q of JSON.parse(round.questions) as string[]) await bot.as(email).clicks('pulse.answer', `${round.id}|${q}|${q.startsWith('enps') ? 7 + (i % 3) : 2 + (i % 3)}`);
    }
    expect(await bot.as(sofia).says('/rotation schedule manager-for-a-day month:2026-12 count:10')).toContain('Scheduled manager for a day');
    const turn = await bot.db.client.rotationTurn.findFirstOrThrow({ where: { memberId: anaId } });
    // And one still to come when she is erased, in February.
    expect(await bot.as(sofia).says('/rotation schedule manager-for-a-day month:2027-02 count:10')).toContain('Scheduled manager for a day');
    // The pulse closes, the lunch invites, Ana says yes, groups form, the lunch happens.
    await tick('2026-12-03T09:05:00Z');
    await tick('2026-12-06T12:29:00Z');
    await tick('2026-12-06T12:31:00Z');
    const lunch = await bot.db.client.lunchRound.findFirstOrThrow();
    for (const email of [ana, chloe, sofia, 'emma.wilson@example.com']) await bot.as(email).clicks('lunch.rsvp', `${lunch.id}:yes`);
    await tick('2026-12-08T10:01:00Z');
    await tick('2026-12-09T16:00:00Z');
    await tick('2026-12-18T21:30:00Z');
    expect(await bot.as(ana).says('/gathering split 80')).toContain('paid by Ana Souza');
    await tick(`${turn.date}T22:00:00Z`);
    expect(await bot.as(ana).submits('rotation.reflect', { learned: 'Forecasting drives everything', change: 'Share the queue forecast' })).toEqual({ text: 'Thank you: your reflection will be in the weekly digest.' });
    await tick('2027-01-04T12:00:00Z');
    await bot.app.deliveries.drain();
  }, 120_000);
  afterAll(async () => bot?.close());

  it('exports everything that refers to the member, and says why pulse answers and anonymous ideas are not in it', async () => {
    const outcome = await service().exportMember(orgId(), ana);
    expect(outcome.kind).toBe('exported');
    const data = (outcome as { data: MemberExport }).data;
    expect(data.note).toContain('Pulse answers');
    expect(data.profile).toMatchObject({ name: 'Ana Souza', email: ana, role: 'agent', team: 'Support A', active: true });
    expect(data.identities).toEqual([expect.objectContaining({ platform: 'playground', userId: ana })]);
    expect(data.shifts.length).toBeGreaterThan(0);
    expect(data.lunch.programmes).toEqual([expect.objectContaining({ status: 'active' })]);
    expect(data.lunch.avoiding).toEqual([expect.objectContaining({ name: 'Kiran Patel' })]);
    expect(data.lunch.rsvps).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2026-12-09', answer: 'yes' })]));
    expect(data.rotations).toEqual([
      expect.objectContaining({ kind: 'manager-for-a-day', month: '2026-12', learned: 'Forecasting drives everything' }),
      expect.objectContaining({ kind: 'manager-for-a-day', month: '2027-02', status: 'scheduled', learned: null }),
    ]);
    expect(data.gatherings.organised).toEqual([expect.objectContaining({ title: 'Winter hotpot', totalMinor: 8000 })]);
    expect(data.gatherings.paid).toHaveLength(1);
    expect(data.gatherings.rsvps).toEqual([expect.objectContaining({ title: 'Winter hotpot', answer: 'yes' })]);
    expect(data.gatherings.shares).toEqual([expect.objectContaining({ title: 'Winter hotpot', amountMinor: 4000 })]);
    expect(data.kudos.given).toEqual([expect.objectContaining({ message: 'the callback script saved us', to: ['Chloe Martin'] })]);
    expect(data.kudos.received.map((k) => [k.from, k.message])).toEqual([['Ben Carter', 'calmed a furious caller'], ['Chloe Martin', 'showed me the refund screen']]);
    expect(data.points.map((p) => p.reason).sort()).toEqual(['kudos', 'kudos', 'suggestion']);
    expect(data.suggestions.authored).toEqual([expect.objectContaining({ text: named, status: 'adopted' })]);
    expect(data.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['gathering.plan', 'gathering.split']));
    const text = JSON.stringify(data);
    expect(text).not.toContain(anonymous);
    expect(Object.keys(data).some((k) => k.includes('pulse'))).toBe(false);
    // The export is on the record: no actor (the command line), the member as target.
    expect(await bot.db.client.auditLog.count({ where: { action: 'member.export', actorId: null, target: anaId } })).toBe(1);
    expect(await service().exportMember(orgId(), 'nobody@example.com')).toEqual({ kind: 'unknown', email: 'nobody@example.com' });
  });

  it('without --yes only counts what would go, and changes nothing', async () => {
    const before = await dump();
    const preview = await service().eraseMember(orgId(), ana, false);
    expect(preview).toMatchObject({ kind: 'preview', email: ana, counts: { profile: 1, 'platform identities': 1, 'lunch memberships': 1, 'lunch avoid entries': 1, 'gathering answers': 1, 'bill shares': 1 } });
    expect((preview as { counts: Record<string, number> }).counts['kudos given or received']).toBe(3);
    expect(await dump()).toEqual(before);
  });

  it('erases every trace of the member while the figures everyone sees stay the same', async () => {
    const member = await bot.db.client.member.findUniqueOrThrow({ where: { id: anaId }, include: { identities: true } });
    const traces = [member.id, member.email, member.name, ...member.identities.map((i) => i.externalId)];
    const anonymousBefore = await bot.db.client.suggestion.findFirstOrThrow({ where: { anonymous: true } });
    const pulseBefore = { answers: await bot.db.client.pulseAnswer.count(), rounds: await bot.db.client.pulseRound.findMany({ select: { invited: true, answered: true } }) };
    const before = await figures();
    expect(before.leaderboard!.length).toBeGreaterThan(1);
    const preview = await service().eraseMember(orgId(), ana, false);
    const erased = await service().eraseMember(orgId(), ana, true);
    expect(erased).toMatchObject({ kind: 'erased', counts: (preview as { counts: unknown }).counts });

    const tables = await dump();
    for (const [table, rows] of tables) for (const row of rows) for (const trace of traces) expect(row.includes(trace), `${table} still holds ${trace}: ${row}`).toBe(false);
    expect(await figures()).toEqual(before);
    // The anonymous suggestion and the pulse are as they were; the named one stays, with no author.
    expect(await bot.db.client.suggestion.findFirstOrThrow({ where: { anonymous: true } })).toEqual(anonymousBefore);
    expect(await bot.db.client.suggestion.findFirstOrThrow({ where: { text: named } })).toMatchObject({ authorId: null, status: 'adopted' });
    expect({ answers: await bot.db.client.pulseAnswer.count(), rounds: await bot.db.client.pulseRound.findMany({ select: { invited: true, answered: true } }) }).toEqual(pulseBefore);
    // Kudos rows stay for the counts, their words do not.
    expect(tables.get('Kudos')!.some((r) => r.includes('furious caller') || r.includes('callback script'))).toBe(false);
    // The erasure is on the record, under the stand-in, with counts only.
    const entry = await bot.db.client.auditLog.findFirstOrThrow({ where: { action: 'member.erase' } });
    expect(entry.actorId).toBeNull();
    expect(await bot.db.client.member.findUniqueOrThrow({ where: { id: entry.target } })).toMatchObject({ name: 'Erased member', active: false, role: 'agent' });
    expect(await service().eraseMember(orgId(), ana, true)).toEqual({ kind: 'unknown', email: ana });
  });

  it('calls off the role swap still to come, with its reminder and reflection prompt, and keeps the past one', async () => {
    const standIn = (await bot.db.client.auditLog.findFirstOrThrow({ where: { action: 'member.erase' } })).target;
    const turns = await bot.db.client.rotationTurn.findMany({ where: { memberId: standIn }, orderBy: { date: 'asc' } });
    expect(turns.map((t) => [t.month, t.status])).toEqual([['2026-12', 'scheduled'], ['2027-02', 'cancelled']]);
    const followUps = await bot.db.client.occurrence.findMany({ where: { key: { contains: turns[1]!.id } } });
    expect(followUps.map((o) => [o.key.split(':')[0], o.status, o.result])).toEqual(
      expect.arrayContaining([['rotation.remind', 'skipped', 'the member was erased'], ['rotation.reflect', 'skipped', 'the member was erased']]),
    );
    expect(followUps).toHaveLength(2);
  });
});


const hearth = hearthCli;

describeEachDatabase('npm run hearth -- export | erase', (provider) => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-rights-'));
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase(provider);
    drop = () => database.drop();
    env = { DATABASE_URL: database.url };
    const db = await database.open();
    const store = createPrismaStore(db.client);
    const org = await store.ensureOrganization({ name: 'Test Centre', timezone: 'Europe/London', locale: 'en' });
    const csv = 'Name,Email,Role,Team,Timezone,Shift\nAna,ana@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30\nSofia,sofia@example.com,supervisor,Support A,,Mon-Fri 08:00-16:30\n';
    expect((await importRoster(store, org, csv, null)).ok).toBe(true);
    await db.close();
  }, 60_000);
  afterAll(async () => drop?.());

  // Each run starts a process (several seconds on a busy machine), so one test walks the whole story.
  it('answers bad usage with the usage line (2), an unknown email (1), asks for --yes (1), then exports and erases (0)', async () => {
    const usage = await hearth(['export'], env);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('export needs exactly one member email') });
    expect(usage.stderr).toContain('usage: npm run hearth -- <command>');
    expect(await hearth(['export', 'nobody@example.com'], env)).toMatchObject({ code: 1, stdout: '', stderr: 'no member with email nobody@example.com\n' });

    const preview = await hearth(['erase', 'ana@example.com'], env);
    expect(preview.code).toBe(1);
    expect(preview.stdout.split('\n')).toEqual(expect.arrayContaining(['Erasing ana@example.com would change:', '  profile: 1 (replaced by an anonymous stand-in)', '  shifts: 1 (deleted)']));
    expect(preview.stderr).toContain('run again with --yes');

    // stdout holds the JSON and nothing else.
    const exported = await hearth(['export', 'ana@example.com'], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: 'hearth-member-export/1', profile: { name: 'Ana', email: 'ana@example.com' }, shifts: [{ shift: 'Mon-Fri 08:00-16:30' }] });
    const file = join(dir, 'sofia.json');
    expect(await hearth(['export', 'sofia@example.com', '--out', file], env)).toMatchObject({ code: 0, stdout: `exported sofia@example.com to ${file}\n` });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ profile: { email: 'sofia@example.com', role: 'supervisor' } });
    expect(statSync(file).mode & 0o077).toBe(0);

    const erased = await hearth(['erase', 'ana@example.com', '--yes'], env);
    expect(erased).toMatchObject({ code: 0, stdout: expect.stringContaining('Erased ana@example.com:\n  profile: 1') });
  }, 400_000);
});

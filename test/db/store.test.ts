import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import type { Organization } from '../../src/core/domain.ts';
import type { Store } from '../../src/core/ports.ts';

const header = 'name,email,role,team,timezone,shifts\n';
const roster =
  header +
  'Ana Souza,ana@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30\n' +
  'Sofia Reyes,sofia@example.com,supervisor,Support A,Europe/London,Mon-Fri 08:00-16:30\n' +
  '王芳,wang@example.com,agent,上海热线,Asia/Shanghai,Mon-Fri 09:00-18:00;Sat 10:00-14:00\n';

describeEachDatabase('roster import', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let store: Store;
  let org: Organization;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = await database.open();
    store = createPrismaStore(db.client);
    org = await store.ensureOrganization({ name: 'Test', timezone: 'Europe/London', locale: 'en' });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('creates teams, members and shifts, and audits the import', async () => {
    const outcome = await importRoster(store, org, roster, null);
    expect(outcome).toEqual({ ok: true, result: { created: 3, updated: 0, unchanged: 0, teamsCreated: 2 } });
    const members = await store.listMembers(org.id);
    expect(members.map((m) => [m.name, m.role, m.teamName, m.shifts.length])).toEqual([
      ['Ana Souza', 'agent', 'Support A', 1],
      ['Sofia Reyes', 'supervisor', 'Support A', 1],
      ['王芳', 'agent', '上海热线', 2],
    ]);
    const audit = await store.recentAudit(org.id, 5);
    expect(audit[0]).toMatchObject({ action: 'roster.import', detail: { rows: 3, created: 3 } });
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const outcome = await importRoster(store, org, roster, null);
    expect(outcome).toEqual({ ok: true, result: { created: 0, updated: 0, unchanged: 3, teamsCreated: 0 } });
    expect(await store.countMembers(org.id)).toBe(3);
  });

  it('updates by email: a team move and a new shift pattern', async () => {
    const moved = roster.replace('Ana Souza,ana@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30', 'Ana Souza,ANA@example.com,agent,Billing,Europe/London,Tue-Sat 10:00-18:30');
    const outcome = await importRoster(store, org, moved, null);
    expect(outcome).toEqual({ ok: true, result: { created: 0, updated: 1, unchanged: 2, teamsCreated: 1 } });
    const ana = (await store.listMembers(org.id)).find((m) => m.email === 'ana@example.com')!;
    expect(ana.teamName).toBe('Billing');
    expect(ana.shifts).toEqual([{ days: 0b0111110, startMinute: 600, endMinute: 1110 }]);
  });

  it('writes nothing when any row is bad', async () => {
    const before = await store.listMembers(org.id);
    const bad = roster + 'New Person,new@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30\nBroken,broken,agent,Support A,UTC,\n';
    const outcome = await importRoster(store, org, bad, null);
    expect(outcome.ok).toBe(false);
    expect(await store.listMembers(org.id)).toEqual(before);
    expect(await store.findMemberByEmail(org.id, 'new@example.com')).toBeNull();
  });

  it('links platform identities and finds members by them; one user id belongs to one member', async () => {
    const workspace = await store.ensureWorkspace(org.id, 'slack', 'T0FAKE1', 'Acme');
    expect(await store.ensureWorkspace(org.id, 'slack', 'T0FAKE1', 'Acme')).toEqual(workspace);
    const ana = (await store.findMemberByEmail(org.id, 'ana@example.com'))!;
    const sofia = (await store.findMemberByEmail(org.id, 'sofia@example.com'))!;
    await store.linkIdentity(ana.id, workspace.id, 'U00FAKEUSER1');
    expect((await store.findMemberByIdentity('slack', 'T0FAKE1', 'U00FAKEUSER1'))?.email).toBe('ana@example.com');
    expect(await store.findMemberByIdentity('teams', 'T0FAKE1', 'U00FAKEUSER1')).toBeNull();
    await store.linkIdentity(sofia.id, workspace.id, 'U00FAKEUSER1');
    expect((await store.findMemberByIdentity('slack', 'T0FAKE1', 'U00FAKEUSER1'))?.email).toBe('sofia@example.com');
    expect(await store.identitiesOf(ana.id)).toEqual([]);
    expect(await store.identitiesOf(sofia.id)).toEqual([{ platform: 'slack', workspace: 'T0FAKE1', userId: 'U00FAKEUSER1' }]);
  });

  it('links one person once however many requests link them at the same moment', async () => {
    // Two first commands from one Slack user, or a kudos naming someone while they send their own
    // first command: both resolve the same person and link them together.
    const workspace = await store.ensureWorkspace(org.id, 'slack', 'T0FAKE2', 'Acme');
    const wang = (await store.findMemberByEmail(org.id, 'wang@example.com'))!;
    const outcomes = await Promise.allSettled(Array.from({ length: 24 }, () => store.linkIdentity(wang.id, workspace.id, 'U00FAKEUSER3')));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.identitiesOf(wang.id)).toEqual([{ platform: 'slack', workspace: 'T0FAKE2', userId: 'U00FAKEUSER3' }]);
    expect(await db.client.platformIdentity.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect((await store.findMemberByIdentity('slack', 'T0FAKE2', 'U00FAKEUSER3'))?.email).toBe('wang@example.com');
  });

  it('answers the health ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

/**
 * Three replicas, one killed mid-round: every occurrence still runs exactly once.
 *
 * Three whole Hearths (`src/main.ts`, each its own process) share one PostgreSQL database and a
 * fake Slack, ticking every second with a ten-second occurrence lease. Forty gatherings' day-of
 * reminders fall due at once, ten DMs each. While every replica holds a batch of claimed
 * occurrences, one is killed with SIGKILL: its unfinished occurrences stay claimed until their
 * lease lapses, then a survivor runs them, and the messages the dead one had queued or was
 * sending are sent once, not twice. SQLite is one process's database, so this suite is
 * PostgreSQL only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/db/connection.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { readRosterFile } from '../../src/features/roster/roster-file.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { unavailable } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const gatherings = 40;
const going = 10;
/** Each replica's occurrence lease, in seconds: far enough apart that a batch's lease tells whose it is. */
const leases = [10, 30, 50];
const demo = readRosterFile(demoRosterCsv(), { timezone: 'UTC' });
const users = (demo.ok ? demo.entries : []).map((m, i) => ({ id: `U${String(i).padStart(8, '0')}`, email: m.email, name: m.name }));

interface Replica {
  child: ChildProcess;
  exited: Promise<void>;
  /** Resolves once Hearth says it is running (its stdout's JSON log line). */
  running: Promise<void>;
}

describe.skipIf(unavailable('postgres') !== undefined)('three replicas, one killed mid-round [postgresql]', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let db: Database;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ users, limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
    database = await createTestDatabase('postgresql');
    db = await database.open();
  });
  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await db?.close();
    await fake?.close();
    await database?.drop();
  });

  /** A port nothing listens on now (the configuration wants a real port, not 0). */
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** A whole Hearth in its own process: node itself (not the tsx wrapper), so SIGKILL hits it. */
  function startReplica(port: number, leaseSeconds: number): Replica {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env, DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: 'info', HEARTH_PLAYGROUND: 'off',
        SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: 'replica-signing-secret', SLACK_API_URL: fake.apiUrl,
        HEARTH_SCHEDULER_TICK: '* * * * * *', HEARTH_SCHEDULER_LEASE_SECONDS: String(leaseSeconds), HEARTH_DELIVERY_LEASE_SECONDS: '15',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const running = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.includes('"msg":"Hearth is running"')) resolve();
      });
      void exited.then(() => reject(new Error('a replica exited before it was running')));
    });
    running.catch(() => {});
    return { child, exited, running };
  }

  /** The organisation the replicas will find, the demo roster linked to the fake Slack's users, and planned gatherings. */
  async function seed(): Promise<Array<{ id: string; at: Date; going: number }>> {
    const store = createPrismaStore(db.client);
    const org = await store.ensureOrganization({ name: 'Hearth', timezone: 'UTC', locale: 'en', currency: 'USD' });
    expect((await importRoster(store, org, demoRosterCsv(), null)).ok).toBe(true);
    const workspace = await store.ensureWorkspace(org.id, 'slack', 'T0FAKE1', 'Fake Co');
    const members = await store.listMembers(org.id, { activeOnly: true });
    for (const m of members) await store.linkIdentity(m.id, workspace.id, users.find((u) => u.email === m.email)!.id);
    const at = new Date(Date.now() + 3 * 3_600_000);
    const planned = [];
    for (let g = 0; g < gatherings; g += 1) {
      const row = await db.client.gathering.create({
        data: { orgId: org.id, title: `Hotpot ${g}`, date: at.toISOString().slice(0, 10), time: at.toISOString().slice(11, 16), timezone: 'UTC', at, createdBy: members[0]!.id, currency: 'USD' },
      });
      const people = Array.from({ length: going }, (_, i) => members[(g * 3 + i) % members.length]!);
      await db.client.gatheringRsvp.createMany({ data: people.map((m) => ({ gatheringId: row.id, memberId: m.id, answer: 'yes' })) });
      planned.push({ id: row.id, at, going });
    }
    return planned;
  }

  it('runs every occurrence once, hands the dead replica’s claims to a survivor after the lease, and sends every DM once', async () => {
    const planned = await seed();
    const orgId = (await db.client.organization.findFirstOrThrow()).id;
    for (const lease of leases) replicas.push(startReplica(await freePort(), lease));
    await Promise.all(replicas.map((r) => r.running));

    // The round falls due at once, for all three.
    await db.client.occurrence.createMany({
      data: planned.map((g) => ({
        key: `gathering.remind:${g.id}:day-of`, orgId, kind: 'gathering.remind', dueAt: new Date(),
        payload: JSON.stringify({ gatheringId: g.id, which: 'day-of', at: g.at.toISOString() }),
      })),
    });
    // A replica runs one batch at a time, and a batch shares one lease end. The first batch seen
    // running tells, by its lease, whose it is: that replica is killed at once, mid-batch.
    const firstSeen = new Map<number, number>();
    const seen = await waitFor(async () => {
      const running = await db.client.occurrence.findMany({ where: { status: 'running', attempts: 1 }, select: { leaseUntil: true } });
      const now = Date.now();
      for (const end of new Set(running.map((o) => o.leaseUntil!.getTime()))) {
        if (!firstSeen.has(end)) firstSeen.set(end, now);
        const lease = (end - firstSeen.get(end)!) / 1000;
        const index = leases.findIndex((l) => Math.abs(l - lease) < 10);
        if (index >= 0) return { index, leaseEnd: end };
      }
      return undefined;
    }, 60_000, 'a replica to hold a batch of claimed occurrences');
    const victim = replicas[seen.index]!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    const { leaseEnd } = seen;
    const ids = (await db.client.occurrence.findMany({ where: { status: 'running', leaseUntil: new Date(leaseEnd) }, select: { id: true } })).map((o) => o.id);
    expect(ids.length, 'the killed replica still held claims').toBeGreaterThan(0);

    const all = await waitFor(async () => {
      const rows = await db.client.occurrence.findMany({ where: { kind: 'gathering.remind' } });
      return rows.every((o) => o.status === 'done') ? rows : undefined;
    }, 120_000, 'every reminder to run');
    // The dead replica's unfinished claims (one batch of those held at the kill) ran a second
    // time, only after their lease ran out; everything else ran once, on its first claim.
    const retaken = all.filter((o) => o.attempts === 2);
    expect(retaken.map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(leaseEnd).toBeGreaterThan(killedAt);
    for (const o of retaken) expect(o.finishedAt!.getTime()).toBeGreaterThanOrEqual(leaseEnd);
    expect(all.filter((o) => o.attempts > 2).map((o) => [o.key, o.attempts])).toEqual([]);
    expect(all.map((o) => o.result)).toEqual(all.map(() => `reminded ${going}`));
    // No other scheduled work was left claimed or run twice either.
    const others = await db.client.occurrence.findMany({ where: { kind: { not: 'gathering.remind' }, status: { not: 'pending' } } });
    expect(others.filter((o) => o.status === 'running' || o.attempts !== 1).map((o) => [o.key, o.status, o.attempts])).toEqual([]);

    // Every reminder reached each person going once: queued once, and posted once to Slack.
    const expected = gatherings * going;
    await waitFor(async () => (await db.client.delivery.count({ where: { status: 'sent' } })) === expected, 90_000, 'every DM to be sent');
    const deliveries = await db.client.delivery.findMany({ select: { key: true, status: true } });
    expect(deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    expect(deliveries.filter((d) => d.key.startsWith('gathering.remind:'))).toHaveLength(expected);
    const posted = fake.posted.filter((p) => p.metadata?.event_type === 'hearth_delivery').map((p) => String(p.metadata!.event_payload.key));
    const times = new Map<string, number>();
    for (const key of posted) times.set(key, (times.get(key) ?? 0) + 1);
    expect([...times].filter(([, count]) => count > 1)).toEqual([]);
    expect([...times.keys()].sort()).toEqual(deliveries.map((d) => d.key).sort());
  }, 240_000);
});

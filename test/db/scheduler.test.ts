import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { createJobs, createScheduler, type JobSpec, type SchedulerStore } from '../../src/core/scheduler.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createSchedulerStore } from '../../src/infra/db/scheduler-store.ts';
import { createLogCapture, createMemoryLogger } from '../support/logger.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { traced } from '../../src/infra/request-context.ts';
import { waitFor } from '../support/wait.ts';

const hour = 3_600_000;
const day = 24 * hour;

describeEachDatabase('scheduler', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = await database.open();
    orgId = (await db.client.organization.create({ data: { name: 'Test' } })).id;
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  async function schedule(kind: string, rule: object, timezone: string, start: string) {
    return db.client.schedule.create({ data: { orgId, kind, rule: JSON.stringify(rule), timezone, cursor: new Date(start) } });
  }

  /** A job that records the local wall time it ran for, by key. */
  function recorder(kind: string, maxLatenessMs = 12 * hour, fail?: (key: string) => boolean) {
    const runs: Array<{ key: string; dueAt: string; lateByMs: number }> = [];
    const job: JobSpec = {
      kind,
      maxLatenessMs,
      async run(ctx) {
        if (fail?.(ctx.key)) throw new Error('the job broke');
        runs.push({ key: ctx.key, dueAt: ctx.dueAt.toISOString(), lateByMs: ctx.lateByMs });
        return 'ok';
      },
    };
    return { job, runs };
  }

  it('runs a daily 09:00 London job once a day for two months, at 09:00 local across the clock change and month ends', async () => {
    await schedule('daily-test', { freq: 'daily', time: '09:00' }, 'Europe/London', '2027-02-20T00:00:00Z');
    const clock = createFixedClock('2027-02-20T00:00:00Z');
    const { job, runs } = recorder('daily-test');
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job] });
    for (let t = 0; t < 60 * 24; t += 1) {
      await scheduler.tick();
      clock.advance(hour);
    }
    expect(runs).toHaveLength(60);
    expect(new Set(runs.map((r) => r.key)).size).toBe(60);
    expect(runs.find((r) => r.key.endsWith('2027-02-28T09:00'))?.dueAt).toBe('2027-02-28T09:00:00.000Z');
    expect(runs.find((r) => r.key.endsWith('2027-03-01T09:00'))?.dueAt).toBe('2027-03-01T09:00:00.000Z');
    // British Summer Time from 28 March 2027: 09:00 local is 08:00 UTC.
    expect(runs.find((r) => r.key.endsWith('2027-03-27T09:00'))?.dueAt).toBe('2027-03-27T09:00:00.000Z');
    expect(runs.find((r) => r.key.endsWith('2027-03-28T09:00'))?.dueAt).toBe('2027-03-28T08:00:00.000Z');
    expect(runs.every((r) => r.lateByMs < hour)).toBe(true);
  }, 120_000);

  it('catches up what was missed while down: late but useful runs, too late is skipped and reported', async () => {
    await schedule('catchup-test', { freq: 'daily', time: '09:00' }, 'UTC', '2027-06-01T00:00:00Z');
    const clock = createFixedClock('2027-06-01T00:00:00Z');
    const { job, runs } = recorder('catchup-test', 6 * hour);
    const problems: string[] = [];
    const scheduler = createScheduler({
      store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job], horizonMs: hour,
      onProblem: async (o, problem) => void problems.push(`${problem} ${o.key}`),
    });
    await scheduler.tick();
    // Down from 00:00 on 1 June until 13:00 on 1 June: 4 hours late, still useful.
    clock.set('2027-06-01T13:00:00Z');
    await scheduler.tick();
    expect(runs.map((r) => [r.key, r.lateByMs])).toEqual([['catchup-test:' + runs[0]!.key.split(':')[1] + ':2027-06-01T09:00', 4 * hour]]);
    // Down for three days: 2, 3 and 4 June are too late; 5 June runs.
    clock.set('2027-06-05T09:30:00Z');
    const result = await scheduler.tick();
    expect(result).toMatchObject({ ran: 1, skipped: 3 });
    expect(problems.map((p) => p.replace(/:[^:]+:/, ':'))).toEqual(['missed catchup-test:2027-06-02T09:00', 'missed catchup-test:2027-06-03T09:00', 'missed catchup-test:2027-06-04T09:00']);
    expect(await db.client.occurrence.count({ where: { key: { startsWith: 'catchup-test:' }, status: 'skipped' } })).toBe(3);
  });

  it('schedules nothing on a holiday, for the organisation or the team', async () => {
    const team = await db.client.team.create({ data: { orgId, name: 'Holiday team' } });
    await db.client.holiday.create({ data: { orgId, date: '2027-12-25', name: 'Christmas' } });
    await db.client.holiday.create({ data: { orgId, teamId: team.id, date: '2027-12-27', name: 'Team day off' } });
    const s = await schedule('holiday-test', { freq: 'daily', time: '12:00' }, 'UTC', '2027-12-24T00:00:00Z');
    await db.client.schedule.update({ where: { id: s.id }, data: { teamId: team.id } });
    const clock = createFixedClock('2027-12-24T00:00:00Z');
    const { job, runs } = recorder('holiday-test');
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job] });
    for (let t = 0; t < 5 * 24; t += 2) {
      await scheduler.tick();
      clock.advance(2 * hour);
    }
    expect(runs.map((r) => r.key.slice(-16, -6))).toEqual(['2027-12-24', '2027-12-26', '2027-12-28']);
  });

  it('does not report a holiday as missed when Hearth was down over it', async () => {
    await db.client.holiday.create({ data: { orgId, date: '2027-04-06', name: 'Down-time holiday' } });
    await schedule('down-holiday-test', { freq: 'daily', time: '09:00' }, 'UTC', '2027-04-05T00:00:00Z');
    const clock = createFixedClock('2027-04-05T00:00:00Z');
    const problems: string[] = [];
    const scheduler = createScheduler({
      store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [recorder('down-holiday-test', hour).job], horizonMs: hour,
      onProblem: async (o) => void problems.push(o.key.slice(-16, -6)),
    });
    await scheduler.tick();
    clock.set('2027-04-08T09:30:00Z');
    await scheduler.tick();
    expect(problems.sort()).toEqual(['2027-04-05', '2027-04-07']);
  });

  it('retries a failing job with backoff and reports it once it has failed for good', async () => {
    await schedule('failing-test', { freq: 'once', date: '2027-07-01', time: '10:00' }, 'UTC', '2027-07-01T00:00:00Z');
    const clock = createFixedClock('2027-07-01T10:00:00Z');
    const { job } = recorder('failing-test', 7 * day, () => true);
    const problems: string[] = [];
    const scheduler = createScheduler({
      store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job], maxAttempts: 3,
      onProblem: async (_o, problem, detail) => void problems.push(`${problem}: ${detail}`),
    });
    for (let i = 0; i < 12; i++) {
      await scheduler.tick();
      clock.advance(hour);
    }
    const row = await db.client.occurrence.findFirst({ where: { key: { startsWith: 'failing-test:' } } });
    expect(row).toMatchObject({ status: 'failed', attempts: 3, result: 'the job broke' });
    expect(problems).toEqual(['failed: the job broke']);
  });

  it('keeps a retried job’s due time: it still runs for the time it was scheduled for', async () => {
    const clock = createFixedClock('2027-10-01T10:00:00Z');
    const seen: Array<{ dueAt: string; lateByMs: number }> = [];
    let failures = 2;
    const job: JobSpec = {
      kind: 'retry-due-test',
      maxLatenessMs: day,
      async run(ctx) {
        seen.push({ dueAt: ctx.dueAt.toISOString(), lateByMs: ctx.lateByMs });
        if (failures-- > 0) throw new Error('not yet');
        return 'ok';
      },
    };
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job] });
    await scheduler.jobs.schedule([{ key: 'retry-due-test:a', orgId, kind: 'retry-due-test', dueAt: new Date('2027-10-01T10:00:00Z'), payload: {} }]);
    for (let i = 0; i < 12; i++) {
      await scheduler.tick();
      clock.advance(60_000);
    }
    expect(seen.map((s) => s.dueAt)).toEqual(Array(3).fill('2027-10-01T10:00:00.000Z'));
    expect(seen.at(-1)!.lateByMs).toBeGreaterThanOrEqual(6 * 60_000);
    expect(await db.client.occurrence.findUnique({ where: { key: 'retry-due-test:a' } })).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('runs one-off jobs once, lets a job schedule its follow-up, and calls off what is cancelled', async () => {
    const clock = createFixedClock('2027-08-01T08:00:00Z');
    const ran: string[] = [];
    const job: JobSpec = {
      kind: 'oneoff-test',
      maxLatenessMs: day,
      async run(ctx) {
        const { step } = ctx.payload as { step: number };
        ran.push(`${ctx.key} step ${step}`);
        if (step === 1) await ctx.jobs.schedule([{ key: `${ctx.key}:next`, orgId: ctx.orgId, kind: 'oneoff-test', dueAt: new Date(ctx.dueAt.getTime() + hour), payload: { step: 2 } }]);
        return 'ok';
      },
    };
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job] });
    const item = { key: 'oneoff-test:a', orgId, kind: 'oneoff-test', dueAt: new Date('2027-08-01T09:00:00Z'), payload: { step: 1 } };
    expect(await scheduler.jobs.schedule([item])).toBe(1);
    expect(await scheduler.jobs.schedule([item])).toBe(0);
    await scheduler.jobs.schedule([{ ...item, key: 'oneoff-test:b' }]);
    expect(await scheduler.jobs.cancel('oneoff-test:b', 'called off', clock.now())).toBe(1);
    await scheduler.tick();
    expect(ran).toEqual([]);
    for (let i = 0; i < 4; i++) {
      clock.advance(hour);
      await scheduler.tick();
    }
    expect(ran).toEqual(['oneoff-test:a step 1', 'oneoff-test:a:next step 2']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'oneoff-test:b' } })).toMatchObject({ status: 'skipped', result: 'called off' });
  });

  /**
   * The scheduler's store with one write broken once, as a database that goes away mid-tick
   * breaks it: `lost-answer` makes the write and then throws (the answer never came back),
   * `refused` throws without making it.
   */
  function brokenOnce(method: 'claim' | 'finish' | 'retryAt', how: 'lost-answer' | 'refused'): SchedulerStore {
    const store = createSchedulerStore(db.client);
    let broken = false;
    const wrapped = async (...args: unknown[]) => {
      const write = (store[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (broken) return write;
      broken = true;
      if (how === 'lost-answer') await write;
      throw new Error('Connection terminated unexpectedly');
    };
    return { ...store, [method]: wrapped };
  }

  describe('when the database goes away mid-tick, the next tick carries on instead of waiting out the lease', () => {
    const cases = [
      { method: 'claim', how: 'lost-answer', runs: 1, attempts: 1 },
      { method: 'claim', how: 'refused', runs: 1, attempts: 1 },
      // The job ran; only its record was lost. It is recorded, not run again.
      { method: 'finish', how: 'lost-answer', runs: 1, attempts: 1 },
      { method: 'finish', how: 'refused', runs: 1, attempts: 1 },
    ] as const;
    for (const c of cases) {
      it(`${c.method}: ${c.how}`, async () => {
        const clock = createFixedClock('2027-11-01T10:00:00Z');
        const kind = `outage-${c.method}-${c.how}`;
        const { job, runs } = recorder(kind);
        const scheduler = createScheduler({ store: brokenOnce(c.method, c.how), clock, logger: createMemoryLogger(), jobs: [job] });
        await scheduler.jobs.schedule([{ key: `${kind}:a`, orgId, kind, dueAt: new Date('2027-11-01T10:00:00Z'), payload: {} }]);
        await expect(scheduler.tick()).rejects.toThrow('Connection terminated');
        clock.advance(60_000);
        await scheduler.tick();
        expect(runs).toHaveLength(c.runs);
        expect(await db.client.occurrence.findUnique({ where: { key: `${kind}:a` } })).toMatchObject({ status: 'done', attempts: c.attempts, leaseUntil: null });
      });
    }

    it('retryAt: a failed run whose retry was not recorded still runs again at its retry time, not the lease\'s', async () => {
      const clock = createFixedClock('2027-11-02T10:00:00Z');
      let failures = 1;
      const seen: string[] = [];
      const job: JobSpec = {
        kind: 'outage-retry',
        maxLatenessMs: day,
        async run(ctx) {
          seen.push(ctx.key);
          if (failures-- > 0) throw new Error('not yet');
          return 'ok';
        },
      };
      const scheduler = createScheduler({ store: brokenOnce('retryAt', 'refused'), clock, logger: createMemoryLogger(), jobs: [job], leaseMs: hour });
      await scheduler.jobs.schedule([{ key: 'outage-retry:a', orgId, kind: 'outage-retry', dueAt: new Date('2027-11-02T10:00:00Z'), payload: {} }]);
      await expect(scheduler.tick()).rejects.toThrow('Connection terminated');
      clock.advance(60_000);
      await scheduler.tick();
      expect(await db.client.occurrence.findUnique({ where: { key: 'outage-retry:a' } })).toMatchObject({ status: 'running', result: 'not yet', leaseUntil: new Date('2027-11-02T10:02:00Z') });
      clock.set('2027-11-02T10:02:30Z');
      await scheduler.tick();
      expect(seen).toEqual(['outage-retry:a', 'outage-retry:a']);
      expect(await db.client.occurrence.findUnique({ where: { key: 'outage-retry:a' } })).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('a slow replica whose lease ran out does not overwrite the record of the replica that took over', async () => {
      const clock = createFixedClock('2027-11-03T10:00:00Z');
      const store = createSchedulerStore(db.client);
      await createJobs(store).schedule([{ key: 'outage-slow:a', orgId, kind: 'outage-slow', dueAt: new Date('2027-11-03T10:00:00Z'), payload: {} }]);
      const mine = async () => (await store.findDue(clock.now(), 100)).find((o) => o.key === 'outage-slow:a');
      const due = await mine();
      const slow = await store.claim(due!, clock.now(), 60_000);
      clock.advance(2 * 60_000);
      const again = await mine();
      const fast = await store.claim(again!, clock.now(), 60_000);
      expect(fast).toMatchObject({ attempts: 2 });
      await store.finish(fast!, 'done', 'fast', clock.now());
      await store.finish(slow!, 'failed', 'slow', clock.now());
      await store.release(due!);
      expect(await db.client.occurrence.findUnique({ where: { key: 'outage-slow:a' } })).toMatchObject({ status: 'done', result: 'fast', attempts: 2 });
    });
  });

  it('runs every occurrence exactly once with three instances ticking together on one database', async () => {
    await schedule('replica-test', { freq: 'daily', time: '08:00' }, 'Asia/Shanghai', '2027-09-01T00:00:00Z');
    await schedule('replica-test', { freq: 'weekly', time: '12:00', days: [3], anchor: '2027-09-01' }, 'Europe/London', '2027-09-01T00:00:00Z');
    const clock = createFixedClock('2027-09-01T00:00:00Z');
    const runs: string[] = [];
    const job: JobSpec = { kind: 'replica-test', maxLatenessMs: day, run: async (ctx) => (runs.push(ctx.key), 'ok') };
    const connections = [db, await database.open(), await database.open()];
    try {
      const schedulers = connections.map((c) => createScheduler({ store: createSchedulerStore(c.client), clock, logger: createMemoryLogger(), jobs: [job] }));
      for (let t = 0; t < 30 * 24; t += 3) {
        await Promise.all(schedulers.map((s) => s.tick()));
        clock.advance(3 * hour);
      }
      // Daily at 08:00 Shanghai (00:00 UTC): 2–30 September, as 1 September is the cursor itself;
      // Wednesdays at 12:00 London: 1, 8, 15, 22 and 29 September.
      expect(runs.length).toBe(29 + 5);
      expect(new Set(runs).size).toBe(runs.length);
    } finally {
      await Promise.all(connections.slice(1).map((c) => c.close()));
    }
  }, 120_000);

  it('gives each occurrence its own request id in the logs, and the scheduler\'s lines about it carry the same id', async () => {
    await schedule('traced-test', { freq: 'daily', time: '09:00' }, 'UTC', '2027-09-01T00:00:00Z');
    const clock = createFixedClock('2027-09-01T00:00:00Z');
    const { lines, sink } = createLogCapture<{ msg?: string; key?: string; requestId?: string }>();
    const logger = createLogger('info', sink);
    const job: JobSpec = {
      kind: 'traced-test',
      maxLatenessMs: 3 * day,
      async run(ctx) {
        logger.info({ key: ctx.key }, 'job working');
        if (ctx.key.endsWith('2027-09-02T09:00')) throw new Error('the job broke');
        return 'ok';
      },
    };
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger, jobs: [job], horizonMs: 3 * day, traced });
    clock.set('2027-09-02T10:00:00Z');
    await scheduler.tick();
    await new Promise((resolve) => setImmediate(resolve));
    const working = lines.filter((l) => l.msg === 'job working');
    expect(working).toHaveLength(2);
    const ids = working.map((l) => l.requestId);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    const retried = lines.find((l) => l.msg === 'scheduled occurrence will be retried');
    expect(retried?.requestId).toBe(working.find((l) => l.key?.endsWith('2027-09-02T09:00'))?.requestId);
  });

  it('runs a job at once when asked, in the background: a tick meanwhile leaves it alone, and a process that dies mid-run leaves it to a later tick', async () => {
    const clock = createFixedClock('2027-12-01T08:00:00Z');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ran: string[] = [];
    const job: JobSpec = {
      kind: 'now-test',
      maxLatenessMs: day,
      async run(ctx) {
        ran.push(`${ctx.key} started`);
        // The first run of `dies` never ends, as in a process killed mid-way.
        if (ctx.key === 'now-test:dies' && ran.filter((r) => r === 'now-test:dies started').length === 1) await new Promise(() => {});
        await gate;
        ran.push(`${ctx.key} finished`);
        return 'ok';
      },
    };
    const store = createSchedulerStore(db.client);
    const first = createScheduler({ store, clock, logger: createMemoryLogger(), jobs: [job], leaseMs: 10 * 60_000 });
    const a = { key: 'now-test:a', orgId, kind: 'now-test', dueAt: clock.now(), payload: {} };
    await first.jobs.runNow(a);
    // Claimed and started, not finished: the call came back without waiting for the run.
    expect(ran).toEqual(['now-test:a started']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-test:a' } })).toMatchObject({ status: 'running', attempts: 1 });
    await first.tick();
    expect(ran).toEqual(['now-test:a started']);
    // Nothing more to run: the same job again (held), or one not due yet (scheduled for its time).
    await first.jobs.runNow(a);
    await first.jobs.runNow({ key: 'now-test:later', orgId, kind: 'now-test', dueAt: new Date(clock.now().getTime() + hour), payload: {} });
    expect(ran).toEqual(['now-test:a started']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-test:later' } })).toMatchObject({ status: 'pending' });
    open();
    await waitFor(() => ran.length === 2, 5000, 'the run to finish');
    expect(ran).toEqual(['now-test:a started', 'now-test:a finished']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-test:a' } })).toMatchObject({ status: 'done', attempts: 1, result: 'ok' });

    // This run never ends, as in a process killed mid-way; a restarted one runs it after the lease.
    const dies = { key: 'now-test:dies', orgId, kind: 'now-test', dueAt: clock.now(), payload: {} };
    await first.jobs.runNow(dies);
    const restarted = createScheduler({ store, clock, logger: createMemoryLogger(), jobs: [job], leaseMs: 10 * 60_000, background: false });
    await restarted.tick();
    await restarted.jobs.runNow(dies);
    expect(ran.slice(2)).toEqual(['now-test:dies started']);
    clock.advance(11 * 60_000);
    await restarted.tick();
    expect(ran.slice(2)).toEqual(['now-test:dies started', 'now-test:dies started', 'now-test:dies finished']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-test:dies' } })).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('waits for a job run at once when not in the background, and a failed one is retried by a tick', async () => {
    const clock = createFixedClock('2027-12-05T08:00:00Z');
    let failures = 1;
    const ran: string[] = [];
    const job: JobSpec = {
      kind: 'now-wait-test',
      maxLatenessMs: day,
      async run(ctx) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ran.push(ctx.key);
        if (failures-- > 0) throw new Error('the database went away');
        return 'ok';
      },
    };
    const scheduler = createScheduler({ store: createSchedulerStore(db.client), clock, logger: createMemoryLogger(), jobs: [job], background: false });
    await scheduler.jobs.runNow({ key: 'now-wait-test:a', orgId, kind: 'now-wait-test', dueAt: clock.now(), payload: {} });
    expect(ran).toEqual(['now-wait-test:a']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-wait-test:a' } })).toMatchObject({ status: 'running', result: 'the database went away' });
    clock.advance(121_000); // the first retry waits two minutes
    await scheduler.tick();
    expect(ran).toEqual(['now-wait-test:a', 'now-wait-test:a']);
    expect(await db.client.occurrence.findUnique({ where: { key: 'now-wait-test:a' } })).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('stops a long job part-way at shutdown and hands its occurrence back, which the next process runs at once', async () => {
    const clock = createFixedClock('2027-12-10T08:00:00Z');
    const asked: string[] = [];
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const job: JobSpec = {
      kind: 'stop-test',
      maxLatenessMs: day,
      async run(ctx) {
        for (let i = 0; i < 1000; i++) {
          ctx.signal.throwIfAborted();
          if (!asked.includes(`p${i}`)) asked.push(`p${i}`); // keyed, as a prompt is
          if (i === 10) started();
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return `asked ${asked.length}`;
      },
    };
    const store = createSchedulerStore(db.client);
    const first = createScheduler({ store, clock, logger: createMemoryLogger(), jobs: [job] });
    const item = { key: 'stop-test:a', orgId, kind: 'stop-test', dueAt: clock.now(), payload: {} };
    await first.jobs.runNow(item);
    await begun;
    await first.stop();
    const handedBack = asked.length;
    expect(handedBack).toBeGreaterThan(10);
    expect(handedBack).toBeLessThan(1000);
    expect(await db.client.occurrence.findUnique({ where: { key: 'stop-test:a' } })).toMatchObject({ status: 'pending', attempts: 0, leaseUntil: null });
    // A stopped scheduler claims nothing more.
    expect(await first.tick()).toMatchObject({ ran: 0 });
    await first.jobs.runNow(item);
    expect(asked).toHaveLength(handedBack);

    const next = createScheduler({ store, clock, logger: createMemoryLogger(), jobs: [job] });
    expect(await next.tick()).toMatchObject({ ran: 1 });
    expect(asked).toHaveLength(1000);
    expect(await db.client.occurrence.findUnique({ where: { key: 'stop-test:a' } })).toMatchObject({ status: 'done', attempts: 1, result: 'asked 1000' });

    // The same for a job a tick is running: stop waits for the tick to hand it back.
    asked.length = 0;
    let tickStarted!: () => void;
    const tickBegun = new Promise<void>((resolve) => (tickStarted = resolve));
    const ticking = createScheduler({ store, clock, logger: createMemoryLogger(), jobs: [{ ...job, run: (ctx) => (setTimeout(tickStarted, 30), job.run(ctx)) }] });
    await ticking.jobs.schedule([{ ...item, key: 'stop-test:b' }]);
    const tick = ticking.tick();
    await tickBegun;
    await ticking.stop();
    expect(await db.client.occurrence.findUnique({ where: { key: 'stop-test:b' } })).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await tick).toMatchObject({ ran: 0 });
  }, 30_000);
});

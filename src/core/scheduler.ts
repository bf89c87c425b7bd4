/**
 * The scheduler. Schedules live in the database; a tick (node-cron, every minute, in
 * infrastructure) only asks "is anything due?". Each tick first creates the occurrences up to a
 * horizon, each with a unique key, then claims the due ones with a lease and runs them. However
 * many replicas tick, an occurrence is created once and claimed by one of them; one whose replica
 * died mid-run is claimed again when its lease expires, so jobs key their own effects (messages,
 * rows) on the occurrence key. Occurrences missed while Hearth was down are created on the next
 * tick and run late, or, past the job's useful lateness, skipped and reported — never lost quietly.
 */
import type { Clock } from './clock.ts';
import { noMetrics, type Metrics } from './metrics.ts';
import { untraced, type Logger, type Traced } from './ports.ts';
import { occurrencesBetween, ruleSchema } from './recurrence.ts';

export interface ScheduleRecord {
  id: string;
  orgId: string;
  kind: string;
  teamId: string | null;
  rule: string;
  timezone: string;
  payload: string;
  cursor: Date;
}

export interface ClaimedOccurrence {
  id: string;
  key: string;
  orgId: string;
  kind: string;
  dueAt: Date;
  attempts: number;
  /** The JSON the job was given. */
  payload: string;
  /** The recurring schedule it belongs to; null for a one-off. */
  schedule: ScheduleRecord | null;
}

/** A job to run once at `dueAt` (a reminder, a follow-up). The key makes scheduling it idempotent. */
export interface OneOffJob {
  key: string;
  orgId: string;
  kind: string;
  dueAt: Date;
  payload: unknown;
}

/**
 * What features use to schedule one-off work (reminders, follow-ups) and to call it off. It is the
 * same table the recurring schedules fill, so one-offs survive restarts and run once.
 */
export interface Jobs {
  /** Schedules what is not scheduled yet, by key; returns how many were new. */
  schedule(items: OneOffJob[]): Promise<number>;
  /** Calls off pending occurrences whose key starts with `prefix`; returns how many. */
  cancel(prefix: string, reason: string, now: Date): Promise<number>;
  /**
   * Schedules a one-off (once, by key) and, when due, runs it here and now instead of at the next
   * tick: work a person is waiting on, such as asking a team. It is a scheduled occurrence all the
   * same, claimed with a lease: if this process dies mid-run, the claim lapses and a tick runs it
   * again. Resolves once it is claimed (in the background) or has run; if another replica holds
   * it, or it is not due, it is left to them or to its time.
   */
  runNow(item: OneOffJob): Promise<void>;
}

export interface SchedulerStore {
  activeSchedules(): Promise<ScheduleRecord[]>;
  /** Local dates (YYYY-MM-DD) nothing is scheduled on, for the organisation and the team. */
  holidays(orgId: string, teamId: string | null): Promise<Set<string>>;
  /** Inserts what is not there yet, by key; returns how many were new. */
  createOccurrences(items: Array<{ key: string; orgId: string; kind: string; scheduleId: string | null; dueAt: Date; payload: string }>): Promise<number>;
  /** Marks pending occurrences whose key starts with `prefix` as skipped with `reason`. */
  cancelPending(prefix: string, reason: string, now: Date): Promise<number>;
  /** Moves the cursor forward only (a slower replica cannot move it back). */
  advanceCursor(scheduleId: string, cursor: Date): Promise<void>;
  /** Occurrences to run now, oldest first: pending ones that are due, and claims whose lease ran out. */
  findDue(now: Date, limit: number): Promise<DueOccurrence[]>;
  /** The occurrence with this key, if it is to run now (as `findDue` would find it). */
  dueByKey(key: string, now: Date): Promise<DueOccurrence | undefined>;
  /**
   * Claims one with a lease, counting an attempt; undefined when another replica got there first.
   * The attempt number is the claim's token: the writes below only touch the row while it holds.
   */
  claim(due: DueOccurrence, now: Date, leaseMs: number): Promise<ClaimedOccurrence | undefined>;
  /** Hands back a claim whose job never ran, as the row was before it; nothing if it is not that claim. */
  release(due: DueOccurrence): Promise<void>;
  finish(claim: Claim, status: 'done' | 'failed' | 'skipped', result: string, now: Date): Promise<void>;
  /** Tries again at `at`, keeping the occurrence's `dueAt` (a retry is still the job for that time). */
  retryAt(claim: Claim, at: Date, error: string): Promise<void>;
}

/** A claim: the occurrence and the attempt this replica holds. */
export type Claim = Pick<ClaimedOccurrence, 'id' | 'attempts'>;

/** An occurrence found due, as it was before a claim (a release puts this back). */
export interface DueOccurrence extends Omit<ClaimedOccurrence, 'attempts'> {
  status: string;
  /** Attempts made before this claim. */
  attempts: number;
  leaseUntil: Date | null;
}

export interface JobContext {
  /** The occurrence's unique key: derive delivery keys and row keys from it. */
  key: string;
  orgId: string;
  dueAt: Date;
  lateByMs: number;
  /** The recurring schedule, or null for a one-off. */
  schedule: ScheduleRecord | null;
  /**
   * A one-off's payload; for a recurring occurrence, the schedule's payload with `localDate`,
   * `time` and `at` (the instant the rule names, which is later than `dueAt` by any lead).
   */
  payload: unknown;
  /** Schedules follow-up work (keys should extend this occurrence's key). */
  jobs: Jobs;
  /**
   * Aborted when Hearth stops. A long job (asking a whole site) checks it between people and
   * throws; its occurrence is handed back as it was, for the next process to run at once.
   */
  signal: AbortSignal;
}

export interface JobSpec {
  kind: string;
  /** Past this lateness a run is pointless (yesterday's reminder): it is skipped and reported. */
  maxLatenessMs: number;
  /** Returns a one-line result for the record. */
  run(ctx: JobContext): Promise<string>;
}

export interface SchedulerConfig {
  store: SchedulerStore;
  clock: Clock;
  logger: Logger;
  jobs: JobSpec[];
  /** How far ahead occurrences are created. */
  horizonMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  metrics?: Metrics;
  /** Gives each occurrence's run an id of its own in the logs. */
  traced?: Traced;
  /** Told when an occurrence was missed (too late) or failed for good. */
  onProblem?: (occurrence: ClaimedOccurrence, problem: 'missed' | 'failed', detail: string) => Promise<void>;
  /** `runNow` returns once its claim is made and the job runs on (default); tests wait for the run. */
  background?: boolean;
}

export interface TickResult {
  created: number;
  ran: number;
  skipped: number;
  failed: number;
}

export interface Scheduler {
  tick(): Promise<TickResult>;
  readonly jobs: Jobs;
  /** Claims nothing more, tells the jobs running to stop, and waits for them to finish or hand back. */
  stop(): Promise<void>;
}

export function createScheduler(config: SchedulerConfig): Scheduler {
  const { store, clock, logger } = config;
  const metrics = config.metrics ?? noMetrics;
  const traced = config.traced ?? untraced;
  const horizonMs = config.horizonMs ?? 36 * 3_600_000;
  const leaseMs = config.leaseMs ?? 10 * 60_000;
  const maxAttempts = config.maxAttempts ?? 5;
  const jobs = new Map(config.jobs.map((j) => [j.kind, j]));
  /** Ticks and `runNow` runs in progress, which `stop` waits for. */
  const running = new Set<Promise<void>>();
  const stopping = new AbortController();
  function track<T>(work: Promise<T>): Promise<T> {
    const done = work.then(() => undefined, () => undefined);
    running.add(done);
    void done.then(() => running.delete(done));
    return work;
  }
  const oneOffs: Jobs = {
    ...createJobs(store),
    async runNow(item) {
      await oneOffs.schedule([item]);
      if (stopping.signal.aborted) return;
      const { key } = item;
      const due = await store.dueByKey(key, clock.now());
      const occurrence = due && (await claim(due));
      if (!occurrence) return;
      const run = track(
        traced(() => runOne(occurrence, due, { created: 0, ran: 0, skipped: 0, failed: 0 })).catch((error: unknown) =>
          logger.error({ key, err: error }, 'a job run at once could not record its outcome; the next tick settles it'),
        ),
      );
      if (config.background === false) await run;
    },
  };

  async function materialise(now: Date): Promise<number> {
    let created = 0;
    for (const schedule of await store.activeSchedules()) {
      // A job may run ahead of the time its rule names (a lunch invitation days before the lunch):
      // `leadMinutes` in the payload. Keys and holidays stay those of the named day.
      const leadMs = Math.max(0, Number((JSON.parse(schedule.payload) as { leadMinutes?: unknown }).leadMinutes) || 0) * 60_000;
      const until = new Date(now.getTime() + horizonMs + leadMs);
      if (schedule.cursor >= until) continue;
      const rule = ruleSchema.safeParse(JSON.parse(schedule.rule));
      if (!rule.success) {
        logger.error({ scheduleId: schedule.id, problem: rule.error.issues[0]?.message }, 'schedule has an invalid rule; skipped');
        continue;
      }
      // Holidays are checked when an occurrence runs, not here: one removed later must still run.
      const due = occurrencesBetween(rule.data, schedule.timezone, schedule.cursor, until);
      created += await store.createOccurrences(
        due.map((o) => ({
          key: `${schedule.kind}:${schedule.id}:${o.localDate}T${rule.data.time}`,
          orgId: schedule.orgId,
          kind: schedule.kind,
          scheduleId: schedule.id,
          dueAt: new Date(o.at.getTime() - leadMs),
          payload: JSON.stringify({ localDate: o.localDate, time: rule.data.time, at: o.at.toISOString() }),
        })),
      );
      await store.advanceCursor(schedule.id, until);
    }
    return created;
  }

  /**
   * Writes that could not be made when they were due (the database went away mid-tick), made
   * again, in order, before the next tick claims anything. Without them a run whose outcome was
   * not recorded, or a claim whose answer was lost, would hold its occurrence for the whole lease.
   */
  const unsettled: Array<() => Promise<void>> = [];
  async function record(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      unsettled.push(write);
      throw error;
    }
  }
  async function settle(): Promise<void> {
    while (unsettled.length > 0) {
      await unsettled[0]!();
      unsettled.shift();
    }
  }

  /** Records an occurrence that will not run (missed, failed for good) and tells the admins why. */
  async function giveUp(occurrence: ClaimedOccurrence, status: 'failed' | 'skipped', problem: 'missed' | 'failed', detail: string, now: Date): Promise<void> {
    await record(async () => {
      await store.finish(occurrence, status, detail, now);
      await config.onProblem?.(occurrence, problem, detail);
    });
  }

  async function claim(due: DueOccurrence): Promise<ClaimedOccurrence | undefined> {
    try {
      return await store.claim(due, clock.now(), leaseMs);
    } catch (error) {
      // The claim may have been made and only its answer lost: hand it back next tick.
      unsettled.push(() => store.release(due));
      throw error;
    }
  }

  async function runOne(occurrence: ClaimedOccurrence, due: DueOccurrence, result: TickResult): Promise<void> {
    const now = clock.now();
    const job = jobs.get(occurrence.kind);
    const lateByMs = Math.max(0, now.getTime() - occurrence.dueAt.getTime());
    if (!job) {
      await record(() => store.finish(occurrence, 'failed', `no job handles ${occurrence.kind}`, now));
      result.failed += 1;
      return;
    }
    const own = JSON.parse(occurrence.payload) as Record<string, unknown>;
    // Holidays are looked up now, not when the occurrence was lined up: one added or removed
    // since still counts. Nothing was due on a holiday, so nothing is reported as missed.
    if (occurrence.schedule && typeof own.localDate === 'string' && (await store.holidays(occurrence.orgId, occurrence.schedule.teamId)).has(own.localDate)) {
      await record(() => store.finish(occurrence, 'skipped', `holiday on ${own.localDate}`, now));
      metrics.occurrence(occurrence.kind, 'holiday');
      result.skipped += 1;
      return;
    }
    if (lateByMs > job.maxLatenessMs) {
      metrics.occurrence(occurrence.kind, 'missed');
      logger.warn({ key: occurrence.key, lateByMs }, 'scheduled occurrence missed');
      await giveUp(occurrence, 'skipped', 'missed', `due ${occurrence.dueAt.toISOString()}, reached ${now.toISOString()}: too late to be useful`, now);
      result.skipped += 1;
      return;
    }
    let summary: string;
    try {
      const payload = occurrence.schedule ? { ...(JSON.parse(occurrence.schedule.payload) as Record<string, unknown>), ...own } : own;
      summary = await job.run({ key: occurrence.key, orgId: occurrence.orgId, dueAt: occurrence.dueAt, lateByMs, schedule: occurrence.schedule, payload, jobs: oneOffs, signal: stopping.signal });
    } catch (error) {
      if (stopping.signal.aborted) {
        // Stopped part-way: handed back, not counted as an attempt; what it did is keyed, so the
        // next run skips it.
        await record(() => store.release(due));
        logger.info({ key: occurrence.key }, 'scheduled occurrence handed back at shutdown');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (occurrence.attempts >= maxAttempts) {
        metrics.occurrence(occurrence.kind, 'failed');
        logger.error({ key: occurrence.key, err: error }, 'scheduled occurrence failed for good');
        await giveUp(occurrence, 'failed', 'failed', message, clock.now());
        result.failed += 1;
      } else {
        metrics.occurrence(occurrence.kind, 'retry');
        logger.warn({ key: occurrence.key, attempts: occurrence.attempts, error: message }, 'scheduled occurrence will be retried');
        const at = new Date(clock.now().getTime() + 60_000 * 2 ** occurrence.attempts);
        await record(() => store.retryAt(occurrence, at, message));
      }
      return;
    }
    const finishedAt = clock.now();
    await record(() => store.finish(occurrence, 'done', summary, finishedAt));
    // More than a tick late: Hearth was down or behind, and this one was caught up.
    metrics.occurrence(occurrence.kind, lateByMs > 120_000 ? 'caught_up' : 'ran');
    result.ran += 1;
  }

  async function tickOnce(): Promise<TickResult> {
    await settle();
    const now = clock.now();
    const result: TickResult = { created: await materialise(now), ran: 0, skipped: 0, failed: 0 };
    while (!stopping.signal.aborted) {
      const due = await store.findDue(clock.now(), 20);
      let claimed = 0;
      for (const candidate of due) {
        if (stopping.signal.aborted) break;
        // A claim is made just before its run, so the lease covers one job, not a batch's wait.
        const occurrence = await claim(candidate);
        if (!occurrence) continue;
        claimed += 1;
        await traced(() => runOne(occurrence, candidate, result));
      }
      if (claimed === 0) break;
    }
    return result;
  }

  return {
    jobs: oneOffs,
    async stop() {
      stopping.abort();
      while (running.size > 0) await Promise.all(running);
      await settle().catch((error: unknown) => logger.warn({ err: error }, 'scheduler: writes left unsettled at shutdown; their claims lapse'));
    },
    tick: () => track(tickOnce()),
  };
}

/** One-off jobs over the scheduler's store (run by its ticks). */
export function createJobs(store: SchedulerStore): Omit<Jobs, 'runNow'> {
  return {
    schedule: (items) =>
      store.createOccurrences(
        items.map((i) => ({ key: i.key, orgId: i.orgId, kind: i.kind, scheduleId: null, dueAt: i.dueAt, payload: JSON.stringify(i.payload ?? {}) })),
      ),
    cancel: (prefix, reason, now) => store.cancelPending(prefix, reason, now),
  };
}

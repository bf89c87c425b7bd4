/** Recurring schedules a feature keeps, one per kind and team (null: the whole organisation). */
import type { Rule } from '../../core/recurrence.ts';

export interface ScheduleSpec {
  orgId: string;
  kind: string;
  teamId: string | null;
  rule: Rule;
  timezone: string;
  payload: Record<string, unknown>;
  /** No occurrence at or before this instant. */
  startAfter: Date;
  /** For `ensure`: tells apart several schedules of one kind and team (one per time zone). */
  key?: string;
}

export interface ScheduleRepo {
  /** Creates or replaces the schedule of this kind for the team, audited; returns its id. */
  save(spec: ScheduleSpec, actorId: string): Promise<string>;
  /** Creates it only if there is none: for the schedules a feature runs by itself (weekly nudges). */
  ensure(spec: ScheduleSpec): Promise<void>;
  /** Stops it and calls off what it had lined up; false when there was none. */
  stop(orgId: string, kind: string, teamId: string | null, actorId: string): Promise<boolean>;
}

/**
 * A feature is a folder (`src/features/<name>/`) that brings its commands, buttons, forms and
 * scheduled jobs. The composition root builds each with what it needs and hands the parts to the
 * router and the scheduler, so a feature added here is on every platform, and on every replica's
 * scheduler, at once.
 */
import type { ActionSpec, CommandSpec, FormSpec } from './command.ts';
import type { HttpRoute } from './ports.ts';
import type { RouteContext } from './router.ts';
import type { JobSpec } from './scheduler.ts';

export interface Feature {
  commands?: CommandSpec[];
  actions?: ActionSpec[];
  forms?: FormSpec[];
  jobs?: JobSpec[];
  /** Pages a feature serves on Hearth's port (the digest's). */
  routes?: HttpRoute[];
  /** Runs once when Hearth starts (a feature's own schedules, say); must be idempotent across replicas. */
  start?(): Promise<void>;
  /** Lines for a member's home view: what is coming up for them. */
  upcoming?(ctx: RouteContext): Promise<string[]>;
}

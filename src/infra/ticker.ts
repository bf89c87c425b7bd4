/**
 * Ticks the scheduler with node-cron, once a minute (HEARTH_SCHEDULER_TICK) and once at start (to catch up on what was
 * missed while Hearth was down). A tick only asks the database what is due, so any number of
 * replicas can tick; a slow tick is not overlapped by the next.
 */
import cron from 'node-cron';
import type { Logger } from '../core/ports.ts';
import type { Scheduler } from '../core/scheduler.ts';

export interface Ticker {
  stop(): Promise<void>;
}

/** Whether node-cron takes this expression (the configuration checks HEARTH_SCHEDULER_TICK with it). */
export function isTickExpression(expression: string): boolean {
  return cron.validate(expression);
}

export function startTicker(scheduler: Scheduler, logger: Logger, expression = '* * * * *'): Ticker {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = scheduler
      .tick()
      .then((result) => {
        if (result.created + result.ran + result.skipped + result.failed > 0) logger.info({ ...result }, 'scheduler tick');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'scheduler tick failed; the next tick retries'))
      .finally(() => {
        running = undefined;
      });
  };
  const task = cron.schedule(expression, tick, { noOverlap: true });
  tick();
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}

/**
 * Starts a whole Hearth in one thread: the core (database, features, platforms) and the edge
 * (the HTTP port, Slack's receiver) linked directly. Tests and tools run Hearth this way, with
 * the core's parts at hand; `npm start` runs the same two parts in two threads (threads.ts).
 */
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/ports.ts';
import type { HearthApp } from './app.ts';
import type { HearthConfig } from './config.ts';
import type { Database } from './infra/db/connection.ts';
import { startCore } from './hearth-core.ts';
import { startEdge } from './edge.ts';

export interface RunningHearth {
  app: HearthApp;
  db: Database;
  url: string;
  playground: boolean;
  stop(): Promise<void>;
}

export async function startHearth(config: HearthConfig, deps: { logger: Logger; clock: Clock }): Promise<RunningHearth> {
  const core = await startCore(config, deps);
  let edge;
  try {
    edge = await startEdge(config, core, deps.logger);
  } catch (error) {
    await core.stop();
    throw error;
  }
  return {
    app: core.app,
    db: core.db,
    url: edge.url,
    playground: core.playground,
    async stop() {
      await edge.stop();
      await core.stop();
    },
  };
}

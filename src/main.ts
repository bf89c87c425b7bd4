/**
 * `npm start`: runs Hearth. With no Slack or Teams credentials it opens the local playground on
 * the embedded SQLite database, seeded with a demo call centre on first start.
 */
import 'dotenv/config';
import { setFlagsFromString } from 'node:v8';
import { systemClock } from './core/clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './infra/logger.ts';
import { startHearth } from './server.ts';

// Prisma's query compiler (and, when a migration is pending, the schema engine) is WebAssembly of
// several megabytes. By default V8 recompiles its busy functions with its optimising compiler in
// the background, which left about 70 MB more resident at idle (`npm run bench:footprint --
// --breakdown`) and bought no query speed we could measure: a query's time goes to SQLite and
// JavaScript, not to the compiler. Baseline code only, set before the first query compiles it.
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const hearth = await startHearth(config, { logger, clock: systemClock });
  logger.info({ url: hearth.url, database: hearth.db.displayUrl, playground: hearth.playground }, 'Hearth is running');
  if (hearth.playground) {
    process.stderr.write(`\n  Hearth playground: ${hearth.url}/playground\n  (database ${hearth.db.displayUrl}; Ctrl+C to stop)\n\n`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    hearth.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Hearth could not start: ${message}`);
  process.exit(1);
});

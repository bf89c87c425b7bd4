/**
 * `npm start`: runs Hearth. With no Slack or Teams credentials it opens the local playground on
 * the embedded SQLite database, seeded with a demo call centre on first start. The HTTP port and
 * Slack's acknowledgements are this thread's; the core runs in a worker thread (threads.ts).
 */
import 'dotenv/config';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './infra/logger.ts';
import { startThreaded } from './threads.ts';

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
  const hearth = await startThreaded(config, logger);
  logger.info({ url: hearth.url, database: hearth.database, playground: hearth.playground }, 'Hearth is running');
  if (hearth.playground) {
    process.stderr.write(`\n  Hearth playground: ${hearth.url}/playground\n  (database ${hearth.database}; Ctrl+C to stop)\n\n`);
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

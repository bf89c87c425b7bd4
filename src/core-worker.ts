/**
 * The core's thread under `npm start` (threads.ts starts it): the core as hearth-core.ts builds
 * it, answering the edge's messages. Its log lines go straight to standard output, not through
 * the main thread, which only acknowledges.
 */
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { systemClock } from './core/clock.ts';
import { loadConfig } from './config.ts';
import { startCore, type HearthCore } from './hearth-core.ts';
import { createLogger, ownStdout } from './infra/logger.ts';
import { corePriority, fromWire, type FromCore, type ToCore } from './threads-wire.ts';

// Prisma's query compiler (and, when a migration is pending, the schema engine) is WebAssembly of
// several megabytes. By default V8 recompiles its busy functions with its optimising compiler in
// the background, which left about 70 MB more resident at idle (`npm run bench:footprint --
// --breakdown`) and bought no query speed we could measure: a query's time goes to SQLite and
// JavaScript, not to the compiler. Baseline code only, set before the first query compiles it
// (V8's flags are the process's, and only this thread runs Prisma).
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

// When the edge and the core both want the CPU, the edge goes first: it has a 3-second deadline,
// the core only queues. On Linux a thread's nice value and scheduling policy are its own, so this
// lowers the core's thread alone. Nice 10 first, then Linux's SCHED_IDLE policy through util-linux's
// chrt: a nice value only weighs the shares, and a command arriving while the core ran waited for
// the core's time slice to end; an idle-policy thread gives way at once. Sharing one CPU with the
// edge under saturation (bench/ack.ts, 50 in flight, SQLite, three runs each), the median
// acknowledgement was 1.29-1.34x a bare Bolt app's at nice 10 and 0.99-1.08x at SCHED_IDLE. The
// core still has every CPU cycle the edge and the machine's other work leave. Without chrt, or
// where it is refused, the core stays at nice 10; elsewhere than Linux it keeps the edge's priority.
try {
  setPriority(corePriority);
  const thread = readlinkSync('/proc/thread-self').split('/').pop()!;
  spawnSync('chrt', ['--idle', '--pid', '0', thread], { stdio: 'ignore', timeout: 2000 });
} catch {
  // Not permitted, or not Linux: the core keeps the priority it has.
}

const port = parentPort!;
const post = (message: FromCore) => port.postMessage(message);
const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL, ownStdout());

let core: HearthCore;
try {
  core = await startCore(config, { logger, clock: systemClock });
} catch (error) {
  post({ t: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
post({ t: 'ready', playground: core.playground, database: core.db.displayUrl });

// The edge sends its messages in batches (threads.ts).
port.on('message', (messages: ToCore[]) => {
  for (const message of messages) handle(message);
});

function handle(message: ToCore): void {
  const answer = (work: () => Promise<unknown>) => {
    const { id } = message as { id: number };
    work().then(
      (value) => post({ t: 'reply', id, ok: true, value }),
      (error: unknown) => post({ t: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
  switch (message.t) {
    case 'serve':
      answer(() => core.serve(fromWire(message.request), message.requestId));
      break;
    case 'slack':
      if ('id' in message) answer(() => core.slack(message.payload, message.requestId));
      else void core.slack(message.payload, message.requestId).catch(() => {});
      break;
    case 'observed':
      for (const o of message.batch) core.observe(o.route, o.method, o.status, o.seconds);
      break;
    case 'listening':
      core.listening(message.url);
      break;
    case 'stop':
      answer(() => core.stop());
      break;
  }
}

/**
 * `npm start`'s Hearth: the edge in the main thread and the core in a worker thread of its own
 * (core-worker.ts). The main thread owns the HTTP port and acknowledges Slack at once; the core,
 * with the database, features, scheduler and delivery lanes, gets the rest as messages. On a
 * machine with more than one core the two run side by side, so an acknowledgement never waits for
 * the core's work (bench/ack.ts measures it against a bare Bolt app).
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Logger } from './core/ports.ts';
import type { HearthConfig } from './config.ts';
import { startEdge } from './edge.ts';
import type { CoreLink } from './hearth-core.ts';
import type { RoutedResponse } from './infra/http/server.ts';
import type { SlackIngested } from '../adapters/slack/receiver.ts';
import { corePriority, toWire, type FromCore, type ToCore } from './threads-wire.ts';

export interface ThreadedHearth {
  url: string;
  playground: boolean;
  /** The database's address, without its password. */
  database: string;
  stop(): Promise<void>;
}

const coreSemiSpaceMb = 16;

/**
 * The core's thread lowers its own priority (core-worker.ts). This lowers the rest of the process
 * but the edge: V8's helper threads, which collect both threads' garbage and compile their code
 * (almost all of it the core's: 0.5-1.4 ms of CPU per command at 50 commands a second, against
 * the edge's 0.9), and libuv's pool if it has started. At the edge's priority they took CPU from
 * its acknowledgements; lowered, they wait for it, as the core does. Linux only (its threads are in
 * /proc, and a thread's nice value is its own); elsewhere, or if refused, nothing changes.
 */
function yieldToTheEdge(): void {
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of threads.map(Number)) {
    if (tid === process.pid) continue;
    try {
      if (getPriority(tid) < corePriority) setPriority(tid, corePriority);
    } catch {
      // Ended since the listing, or not permitted.
    }
  }
}

type Ask = Extract<ToCore, { t: 'serve' | 'stop' }> | (Extract<ToCore, { t: 'slack' }> & { id: number });
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

export async function startThreaded(config: HearthConfig, logger: Logger): Promise<ThreadedHearth> {
  // The core's young generation at V8's own default (16 MB semi-spaces), not the edge's 2 MB from
  // npm start's command line: more of each command's short-lived objects die young instead of
  // being copied and promoted. Garbage collection took a third of the core's CPU with 2 MB and a
  // quarter with 16 (bench/ack.ts with --profile, saturation). Read when a thread's heap is made,
  // so it applies to this worker alone; idle RSS did not move (bench/footprint.ts), since the
  // space grows only under load.
  setFlagsFromString(`--max-semi-space-size=${coreSemiSpaceMb}`);
  // Built (`npm start` runs dist/): the core's own bundle beside this one. From source (tests,
  // tools under tsx): TypeScript is registered in the new thread first.
  const worker = import.meta.url.endsWith('.js')
    ? new Worker(new URL('./core-worker.js', import.meta.url))
    : new Worker(new URL('./infra/worker-boot.mjs', import.meta.url), { workerData: { entry: new URL('./core-worker.ts', import.meta.url).href } });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let next = 0;
  let stopping = false;
  // Messages go to the core in batches, one per turn of the event loop, in order: each
  // postMessage costs the edge a serialisation and wakes the core's thread. With 50 commands in
  // flight, one message each cost the edge 153-169 µs of CPU per command, batched 139-155, with
  // nothing but that (a thread that drops them) beside it (20,000 commands, one CPU).
  let outbox: ToCore[] = [];
  const sendOutbox = () => {
    worker.postMessage(outbox);
    outbox = [];
  };
  const tell = (message: ToCore) => {
    if (outbox.push(message) === 1) setImmediate(sendOutbox);
  };
  const ask = <T>(message: Unsent<Ask>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      tell({ ...message, id } satisfies Ask);
    });

  const started = new Promise<Extract<FromCore, { t: 'ready' }>>((resolve, reject) => {
    worker.on('message', (message: FromCore) => {
      if (message.t === 'ready') resolve(message);
      else if (message.t === 'failed') {
        // Said here, once (main.ts prints it); the thread's end that follows is expected.
        stopping = true;
        reject(new Error(message.message));
      }
      else {
        const pending = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
      }
    });
    // The core is Hearth: without it nothing is answered, so its end is the process's end, and
    // whatever supervises Hearth starts it again (the queue and the scheduler pick up from there).
    worker.on('error', (error) => {
      logger.error({ err: error }, 'the core thread failed');
      reject(error);
      if (!stopping) process.exit(1);
    });
    worker.on('exit', (code) => {
      reject(new Error(`the core thread ended (${code})`));
      for (const pending of waiting.values()) pending.reject(new Error('the core thread ended'));
      if (!stopping) {
        logger.error({ code }, 'the core thread ended');
        process.exit(1);
      }
    });
  });
  let ready;
  try {
    ready = await started;
  } catch (error) {
    stopping = true;
    await worker.terminate();
    throw error;
  }

  yieldToTheEdge();
  // Every message is a wake-up for both threads: observations go once a second, and Slack payloads
  // other than a modal's (whose acknowledgement waits for the core's answer) expect no reply.
  let observed: Extract<ToCore, { t: 'observed' }>['batch'] = [];
  const flush = () => {
    if (observed.length > 0) tell({ t: 'observed', batch: observed });
    observed = [];
  };
  const flushing = setInterval(flush, 1000).unref();
  const link: CoreLink = {
    serve: (request, requestId) => ask<RoutedResponse>({ t: 'serve', request: toWire(request), requestId }),
    async slack(payload, requestId) {
      if (payload.kind === 'view') return ask<SlackIngested>({ t: 'slack', payload, requestId });
      tell({ t: 'slack', payload, requestId });
      return {};
    },
    observe: (route, method, status, seconds) => void observed.push({ route, method, status, seconds }),
    listening: (url) => tell({ t: 'listening', url }),
  };
  const edge = await startEdge(config, link, logger);
  return {
    url: edge.url,
    playground: ready.playground,
    database: ready.database,
    async stop() {
      stopping = true;
      await edge.stop();
      clearInterval(flushing);
      flush();
      await ask({ t: 'stop' });
      await worker.terminate();
    },
  };
}

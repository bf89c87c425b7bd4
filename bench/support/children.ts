/**
 * The processes a benchmark runs beside itself (Hearth as `npm start` runs it, a bare Bolt app,
 * the fake Slack), each on its own event loop so none of them times the others' work. Hearth runs
 * built, exactly as `npm start` runs it; the others' TypeScript is loaded through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildIfStale, npmScript } from '../../test/support/cli.ts';

export const repositoryRoot = new URL('../../', import.meta.url).pathname;

export interface ChildOptions {
  env: Record<string, string>;
  /** Node's own flags, such as `--cpu-prof`. */
  nodeArgs?: string[];
  /** An IPC channel, for children that report to the benchmark (Hearth itself has none). */
  ipc?: boolean;
  /** A file descriptor for the child's stdout (Hearth's JSON log lines); discarded otherwise. */
  stdout?: number;
  /** The CPUs the child may run on (`taskset -c`, Linux), e.g. `1`; any, if unset. */
  cpus?: string;
}

/** Starts `node --import tsx <script>` from the repository root; its stderr is kept for errors. */
export function startChild(script: string, options: ChildOptions): ChildProcess & { stderrText(): string } {
  return startNode([...(options.nodeArgs ?? []), '--import', 'tsx', script], options);
}

/** Starts Hearth with `npm start`'s own command line (built first if its sources changed). */
export function startHearthProcess(options: ChildOptions): ChildProcess & { stderrText(): string } {
  buildIfStale();
  return startNode([...(options.nodeArgs ?? []), ...npmScript('start')], options);
}

function startNode(args: string[], options: ChildOptions): ChildProcess & { stderrText(): string } {
  // taskset execs node in its own process, so the pid stays the server's.
  const [command, commandArgs] = options.cpus ? ['taskset', ['-c', options.cpus, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, commandArgs, {
    cwd: repositoryRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return Object.assign(child, { stderrText: () => stderr });
}

/** The child's next IPC message of this kind; rejects if the child exits first. */
export function nextMessage<T extends { kind: string }>(child: ChildProcess & { stderrText(): string }, kind: T['kind']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.kind !== kind) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited with ${code} before "${kind}": ${child.stderrText()}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Polls `url` until it answers 200 (Hearth's /readyz), failing if the child exits or time runs out. */
export async function waitUntilReady(url: string, child: ChildProcess & { stderrText(): string }, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${child.stderrText()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${child.stderrText()}`);
}

/** Stops a child (SIGTERM, so Hearth shuts down as it would in production) and waits for it. */
export async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** A port nobody is listening on right now, for a child that takes its port from the environment. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

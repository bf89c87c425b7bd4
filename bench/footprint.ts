/**
 * Footprint: how long `npm start` takes to be ready on the embedded database, and how much memory
 * Hearth holds when idle. Runs Hearth as `npm start` does (its prestart, the build check, then
 * node on the built dist/main.js, whose core runs in a worker thread) on a fresh SQLite file: a
 * first start (migrations and the demo seed) and a second start, five runs each; the time
 * includes the build check (nothing to build: the first start builds, untimed); RSS is read from
 * /proc after ten idle seconds. Besides wall time, each start's CPU time
 * (user + system, from /proc) is kept: on a shared machine wall time swings with other people's
 * work, CPU time much less. Writes bench/results/footprint.json.
 *
 * `--breakdown` says where it goes instead: each module loaded alone in a fresh process (time,
 * CPU, RSS, V8 heap and external memory it adds), then a start phase by phase (modules loaded,
 * ready, idle) in one thread through tsx, with V8's default WebAssembly tiering and with the flags
 * the core's thread sets. Writes bench/results/footprint-breakdown.json.
 *
 *   npm run bench:footprint
 *   npm run bench:footprint -- --runs 3
 *   npm run bench:footprint -- --breakdown
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfStale, npmScript } from '../test/support/cli.ts';

const root = join(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, breakdown: { type: 'boolean', default: false } } });
const runs = Number(args.runs);
const machine = { node: process.version, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length };
/** The flags src/core-worker.ts sets before the first query (see there why). */
const hearthWasmFlags = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];
/** Linux counts CPU time in clock ticks of 1/100 s. */
const ticksPerSecond = 100;

const megabytes = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (xs: number[]) => ({ median: Math.round(median(xs)), max: Math.round(Math.max(...xs)) });

/** Resident memory of a process, in MB. */
function rssOf(pid: number): number {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return rss ? Number(rss[1]) / 1024 : Number.NaN;
}

/** CPU time (user + system, all threads) a process has used so far, in ms. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** A port nothing listens on right now (other benchmarks and test runs share the machine). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Start {
  readyMs: number;
  cpuMs: number;
  rssMb: number;
}

/** Starts Hearth as `npm start` does and waits for its playground line; RSS after `idleMs`. */
async function start(dbFile: string, idleMs: number): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  buildIfStale();
  const child = spawn(process.execPath, npmScript('start'), {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), LOG_LEVEL: 'silent', HEARTH_PLAYGROUND: 'on' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const readyMs = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('Hearth playground:')) resolve(performance.now() - began);
    });
    child.on('exit', (code) => reject(new Error(`Hearth exited with ${code}: ${err}`)));
  });
  const cpuMs = cpuMsOf(child.pid!);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const rssMb = rssOf(child.pid!);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { readyMs, cpuMs, rssMb };
}

async function footprint(): Promise<void> {
  // Built once, untimed: after that each start's build check finds nothing to do, as a user's does.
  buildIfStale();
  const first: Start[] = [];
  const again: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-footprint-'));
    const db = join(dir, 'hearth.db');
    first.push(await start(db, 0));
    again.push(await start(db, 10_000));
    rmSync(dir, { recursive: true, force: true });
  }
  const result = {
    machine,
    runs,
    firstStartMs: summary(first.map((s) => s.readyMs)),
    firstStartCpuMs: summary(first.map((s) => s.cpuMs)),
    startMs: summary(again.map((s) => s.readyMs)),
    startCpuMs: summary(again.map((s) => s.cpuMs)),
    idleRssMb: summary(again.map((s) => s.rssMb)),
  };
  console.log(`first start (migrations + demo seed): median ${result.firstStartMs.median} ms (CPU ${result.firstStartCpuMs.median} ms), max ${result.firstStartMs.max} ms`);
  console.log(`start on an existing database:        median ${result.startMs.median} ms (CPU ${result.startCpuMs.median} ms), max ${result.startMs.max} ms`);
  console.log(`idle RSS after 10 s:                  median ${result.idleRssMb.median} MB, max ${result.idleRssMb.max} MB`);
  write('footprint.json', result);
}

/** What a child reports about itself: wall and CPU time, RSS and V8's view of its memory. */
const selfReport = `
const { readFileSync } = await import('node:fs');
const report = (label, began) => {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  const rss = Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  return { label, ms: performance.now() - began, cpuMs: (cpu.user + cpu.system) / 1000, rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external };
};`;

/** Runs a snippet in a fresh node (with tsx's loader unless `plain`), returning the reports it prints. */
async function probe(code: string, options: { plain?: boolean; flags?: string[]; env?: Record<string, string> } = {}): Promise<Array<Record<string, number | string>>> {
  const loader = options.plain ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.flags ?? []), ...loader, '--input-type=module', '-e', selfReport + code], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (exitCode !== 0) throw new Error(`probe failed (${exitCode}): ${err}`);
  return out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, number | string>);
}

/** Third-party packages, loaded by plain node; Hearth's own modules, through tsx as `npm start` loads them. */
const packages = ['@slack/bolt', 'botbuilder', 'prom-client', 'pino', 'luxon', 'zod', 'node-cron', 'pg', 'better-sqlite3', '@prisma/client/runtime/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', '@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs'];
const hearthModules = [
  './src/infra/db/generated/sqlite/client.ts',
  './src/infra/db/generated/postgresql/client.ts',
  './src/infra/db/connection.ts',
  './src/config.ts',
  './src/infra/logger.ts',
  './src/infra/metrics.ts',
  './src/app.ts',
  './src/data.ts',
  './adapters/playground/index.ts',
  './adapters/slack/index.ts',
  './adapters/teams/index.ts',
  './src/seed.ts',
  './src/server.ts',
];

/** Cost of loading one module alone, on top of a bare process (plain node, or node with tsx). */
async function moduleCost(spec: string, plain: boolean) {
  const [before, after] = await probe(
    `const began = performance.now(); const before = report('before', began); await import(${JSON.stringify(spec)}); console.log(JSON.stringify(before)); console.log(JSON.stringify(report('after', began)));`,
    { plain },
  );
  const delta = (key: string) => megabytes(Number(after![key]) - Number(before![key]));
  return { module: spec, loader: plain ? 'node' : 'tsx', ms: Math.round(Number(after!.ms)), cpuMs: Math.round(Number(after!.cpuMs) - Number(before!.cpuMs)), rssMb: delta('rss'), heapUsedMb: delta('heapUsed'), externalMb: delta('external') };
}

/** A playground start, phase by phase, in one process and one thread (`startHearth`), minus the process wiring. */
const phases = `
const began = performance.now();
console.log(JSON.stringify(report('process up', began)));
const { loadConfig } = await import('./src/config.ts');
const { createLogger } = await import('./src/infra/logger.ts');
const { systemClock } = await import('./src/core/clock.ts');
const { startHearth } = await import('./src/server.ts');
console.log(JSON.stringify(report('modules loaded', began)));
const config = loadConfig({ DATABASE_URL: 'file:' + process.env.FOOTPRINT_DB, PORT: process.env.FOOTPRINT_PORT, LOG_LEVEL: 'silent', HEARTH_PLAYGROUND: 'on' });
const hearth = await startHearth(config, { logger: createLogger('silent'), clock: systemClock });
console.log(JSON.stringify(report('ready', began)));
await new Promise((resolve) => setTimeout(resolve, 10000));
console.log(JSON.stringify(report('idle 10 s', began)));
await hearth.stop();`;

function phaseRow(row: Record<string, number | string>) {
  const rss = Number(row.rss);
  const heapTotal = Number(row.heapTotal);
  const external = Number(row.external);
  // Beyond V8's heap and what it counts as external: compiled code (WebAssembly included), the
  // native allocator's arenas, thread stacks, tsx's loader thread, mapped binaries.
  return { phase: row.label, ms: Math.round(Number(row.ms)), cpuMs: Math.round(Number(row.cpuMs)), rssMb: megabytes(rss), heapUsedMb: megabytes(Number(row.heapUsed)), heapTotalMb: megabytes(heapTotal), externalMb: megabytes(external), otherMb: megabytes(rss - heapTotal - external) };
}

async function breakdown(): Promise<void> {
  const up = `console.log(JSON.stringify(report('up', performance.now())));`;
  const bareNode = await probe(up, { plain: true }).then(([row]) => phaseRow(row!));
  const withTsx = await probe(up).then(([row]) => phaseRow(row!));
  console.log(`bare node: ${bareNode.rssMb} MB RSS, ${bareNode.cpuMs} ms CPU; node with tsx's loader: ${withTsx.rssMb} MB RSS, ${withTsx.cpuMs} ms CPU`);
  const modules = [
    ...(await sequential(packages, (spec) => moduleCost(spec, true))),
    ...(await sequential(hearthModules, (spec) => moduleCost(spec, false))),
  ];
  console.table(modules);
  const starts: Record<string, Array<ReturnType<typeof phaseRow>>> = {};
  for (const [name, flags] of [['V8 default WebAssembly tiering', []], ['WebAssembly flags of the core thread', hearthWasmFlags]] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-footprint-'));
    for (const which of ['first start', 'start on an existing database']) {
      const env = { FOOTPRINT_DB: join(dir, 'hearth.db'), FOOTPRINT_PORT: String(await freePort()) };
      const rows = (await probe(phases, { flags: [...flags], env })).map(phaseRow);
      starts[`${which}, ${name}`] = rows;
      console.log(`\n${which}, ${name}:`);
      console.table(rows);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  write('footprint-breakdown.json', { machine, bareNode, withTsx, modules, starts });
}

/** One at a time: the machine has two cores, and parallel probes would measure each other. */
async function sequential<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await work(item));
  return results;
}

function write(file: string, result: unknown): void {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', file), JSON.stringify(result, null, 2) + '\n');
}

await (args.breakdown ? breakdown() : footprint());

/**
 * Footprint: how long `npm start` takes to be ready on the embedded database, and how much memory
 * Hearth holds when idle. Runs Hearth as users do (node with tsx, src/main.ts) on a fresh SQLite
 * file: a first start (migrations and the demo seed) and a second start, five runs each; RSS is read
 * from /proc after ten idle seconds. Writes bench/results/footprint.json.
 *
 *   npm run bench:footprint
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = 5;

async function start(dbFile: string, idleMs: number, port: number): Promise<{ readyMs: number; rssMb: number | null }> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { readyMs, rssMb: rss ? Number(rss[1]) / 1024 : null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first: number[] = [];
const again: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-footprint-'));
  const db = join(dir, 'hearth.db');
  first.push((await start(db, 0, 39_100 + i)).readyMs);
  const second = await start(db, 10_000, 39_200 + i);
  again.push(second.readyMs);
  if (second.rssMb !== null) rss.push(second.rssMb);
  rmSync(dir, { recursive: true, force: true });
}
const result = {
  machine: { node: process.version, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length },
  runs,
  firstStartMs: { median: Math.round(median(first)), max: Math.round(Math.max(...first)) },
  startMs: { median: Math.round(median(again)), max: Math.round(Math.max(...again)) },
  idleRssMb: { median: Math.round(median(rss)), max: Math.round(Math.max(...rss)) },
};
console.log(`first start (migrations + demo seed): median ${result.firstStartMs.median} ms, max ${result.firstStartMs.max} ms`);
console.log(`start on an existing database:        median ${result.startMs.median} ms, max ${result.startMs.max} ms`);
console.log(`idle RSS after 10 s:                  median ${result.idleRssMb.median} MB, max ${result.idleRssMb.max} MB`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'footprint.json'), JSON.stringify(result, null, 2) + '\n');

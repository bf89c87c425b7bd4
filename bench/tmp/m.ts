import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const mode = process.argv[2];
if (mode !== 'none') {
  const w = new Worker(new URL('../../src/infra/worker-boot.mjs', import.meta.url), { workerData: { entry: new URL('./empty.ts', import.meta.url).href } });
  await new Promise((r) => w.once('message', r));
}
await new Promise((r) => setTimeout(r, 4000));
console.log(mode, /VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1], 'kB', 'threads', readFileSync('/proc/self/status','utf8').match(/Threads:\s+(\d+)/)![1]);
process.exit(0);

// A worker thread's first module. Node 20 does not pass `--import` hooks on to worker threads,
// so TypeScript is registered here (tsx, as `npm start` does for the main thread) before the
// worker's own entry, named in workerData, is imported.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

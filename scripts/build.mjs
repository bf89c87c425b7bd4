// Builds what `npm start` runs: Hearth's main thread (src/main.ts) and its core's worker thread
// (src/core-worker.ts), bundled with esbuild into dist/, packages left in node_modules. Built
// JavaScript spares each start tsx's loader (about 40 MB resident, and its transforms' time).
//
// `npm start` runs this first (prestart) with --if-stale: when nothing under src/ or adapters/ is
// newer than the last build it returns at once, so an edited file is never run stale.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.built');

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const inputs = () => Math.max(newest(join(root, 'src')), newest(join(root, 'adapters')), statSync(join(root, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
if (process.argv.includes('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= inputs()) process.exit(0);

const began = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', 'core-worker': 'src/core-worker.ts' },
  outdir: dist,
  bundle: true,
  // The platforms' adapters stay chunks of their own, loaded only when configured.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
writeFileSync(stamp, new Date().toISOString());
console.log(`built dist/ in ${Date.now() - began} ms`);

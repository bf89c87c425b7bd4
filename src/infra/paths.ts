/**
 * Where Hearth is installed: the folder with its package.json, found from this module whether it
 * runs as TypeScript from src/ (tests, the CLI) or bundled into dist/ (`npm start`), so files that
 * ship beside the code (migrations, the playground's page) are found either way.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const hearthRoot = findRoot(fileURLToPath(import.meta.url));

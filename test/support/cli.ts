/** Runs a TypeScript entry point of Hearth's as its own process (through tsx), as a user would. */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `args` starts with the script (`src/cli.ts`, `src/main.ts`); logs are off unless `env` says. */
export async function runTsx(args: string[], env: Record<string, string>): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(tsx, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as Ran;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `npm run hearth -- <args>`. */
export const hearthCli = (args: string[], env: Record<string, string>): Promise<Ran> => runTsx(['src/cli.ts', ...args], env);

/**
 * An npm script's own command line without `node` (`npm start`'s flags and file), so tests and
 * benchmarks run exactly what a user's `npm start` runs.
 */
export function npmScript(name: 'prestart' | 'start'): string[] {
  const command = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[name]!.split(/\s+/);
  if (command[0] !== 'node') throw new Error(`npm ${name} is "${command.join(' ')}"; expected it to run node`);
  return command.slice(1);
}

/** `npm start`'s prestart: builds dist/ when src/ or adapters/ changed since the last build. */
export function buildIfStale(): void {
  execFileSync(process.execPath, npmScript('prestart'), { cwd: root, stdio: 'ignore' });
}

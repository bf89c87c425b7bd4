/** Runs a TypeScript entry point of Hearth's as its own process (through tsx), as a user would. */
import { execFile } from 'node:child_process';
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

/**
 * The core owns the ports: nothing under src/ outside src/infra/ may import a platform SDK, the
 * database client, the scheduler library or the logger library. Adapters keep their SDKs to
 * their own folder.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function specifiersIn(text: string): string[] {
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const importsOf = (path: string) => specifiersIn(readFileSync(path, 'utf8'));

const infrastructureOnly = [/^@slack\//, /^botbuilder/, /^@prisma\//, /^prisma$/, /generated\//, /^node-cron$/, /^pg$/, /^better-sqlite3$/, /^pino/, /^prom-client$/];

describe('architecture boundaries', () => {
  it('keeps SDKs, Prisma, node-cron and pino out of the core and features', () => {
    const offenders = files(join(root, 'src'))
      .filter((f) => !relative(root, f).startsWith(join('src', 'infra')))
      .flatMap((f) => importsOf(f).filter((spec) => infrastructureOnly.some((re) => re.test(spec))).map((spec) => `${relative(root, f)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the core independent of features, adapters and infrastructure', () => {
    const offenders = files(join(root, 'src', 'core')).flatMap((f) =>
      importsOf(f).filter((spec) => /\/(features|infra|adapters)\//.test(spec) || spec.startsWith('../../adapters')).map((spec) => `${relative(root, f)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps each platform SDK inside its own adapter folder', () => {
    const sdkHome: Array<[RegExp, string]> = [[/^@slack\//, join('adapters', 'slack')], [/^botbuilder/, join('adapters', 'teams')]];
    const offenders = [...files(join(root, 'adapters')), ...files(join(root, 'src'))].flatMap((f) =>
      importsOf(f)
        .filter((spec) => sdkHome.some(([re, home]) => re.test(spec) && !relative(root, f).startsWith(home)))
        .map((spec) => `${relative(root, f)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('catches an offending import (the check itself works)', () => {
    const sample = "import { App } from '@slack/bolt';\nconst x = await import('node-cron');";
    expect(specifiersIn(sample)).toEqual(['@slack/bolt', 'node-cron']);
  });
});

// Generates both Prisma clients (SQLite and PostgreSQL) after `npm install`.
//
// `prisma generate` never runs the native schema engine, but the CLI checks at start that one
// exists and tries to download it when it is missing, which fails on a machine without internet.
// Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check (see the README,
// "Working offline"); migrations run through @prisma/schema-engine-wasm instead, so nothing here
// ever needs the native engine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { providers, root, variantPath } from './schema-variants.mjs';

const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(cli)) {
  console.log('prisma CLI not installed yet; skipping client generation');
  process.exit(0);
}
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
for (const provider of providers) {
  execFileSync(process.execPath, [cli, 'generate', '--schema', variantPath(provider)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
}

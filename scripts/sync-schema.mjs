// Writes prisma/sqlite/schema.prisma and prisma/postgresql/schema.prisma from prisma/schema.prisma.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { providers, variantFor, variantPath } from './schema-variants.mjs';

for (const provider of providers) {
  const path = variantPath(provider);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, variantFor(provider));
  console.log(`wrote ${path}`);
}

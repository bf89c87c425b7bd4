// Derives the per-provider Prisma schemas from prisma/schema.prisma. A generated Prisma 7 client
// is bound to one provider, so Hearth keeps two schemas that differ only in the provider and the
// client's output folder. Used by sync-schema.mjs (writes them) and by the drift test (compares).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const providers = ['sqlite', 'postgresql'];

/** The text prisma/<provider>/schema.prisma must have. */
export function variantFor(provider, source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8')) {
  const header =
    '// GENERATED from prisma/schema.prisma by `npm run db:sync-schema`. Do not edit.\n';
  return (
    header +
    source
      .replace('output       = "../src/infra/db/generated/__PROVIDER__"', `output       = "../../src/infra/db/generated/${provider}"`)
      .replace('provider = "__PROVIDER__"', `provider = "${provider}"`)
  );
}

export function variantPath(provider) {
  return join(root, 'prisma', provider, 'schema.prisma');
}

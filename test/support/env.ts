/**
 * What the test machine offers. On a user's machine, suites needing PostgreSQL or Chromium skip
 * with a one-line reason; CI sets HEARTH_TEST_REQUIRE=postgres,browser so they fail instead.
 */
import { existsSync } from 'node:fs';

const required = new Set((process.env.HEARTH_TEST_REQUIRE ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export const postgresUrl = process.env.TEST_DATABASE_URL;
export const chromiumPath = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';

/** Returns a skip reason, or undefined when the suite can run; throws when CI requires it. */
export function unavailable(what: 'postgres' | 'browser'): string | undefined {
  const reason =
    what === 'postgres'
      ? postgresUrl ? undefined : 'PostgreSQL suites skipped: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run them'
      : existsSync(chromiumPath) ? undefined : `browser suite skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set HEARTH_CHROMIUM)`;
  if (reason && required.has(what)) throw new Error(`required by HEARTH_TEST_REQUIRE but unavailable: ${reason}`);
  if (reason) console.warn(reason);
  return reason;
}

/**
 * Posting to an interaction's response_url, as Bolt's `respond` does, but without losing the reply
 * to a passing fault: Bolt posts once, and a reply that fails is gone, although the command it
 * answers has taken effect (a kudos counted, an idea filed) and the person is never told.
 *
 * Sent again, after a short wait:
 * - a connection that failed or closed before any answer, above all a kept-alive connection
 *   Slack had just closed for idleness, a race that comes more often the busier Hearth is;
 * - 429 (after its Retry-After) and 5xx, Slack's "not now".
 * Not sent again: a time-out (Slack may have posted it, and a second copy is worse than a late
 * one) and any other status, such as 404 `used_url` or `expired_url` (a URL takes five replies in
 * thirty minutes), which are thrown for the log. Each try that is repeated is logged as a warning,
 * without the URL, which is a credential for answering in the person's name.
 */
import type { Logger } from '../../src/core/ports.ts';

const attempts = 3;
const timeoutMs = 10_000;
/** Longer Retry-Afters are not waited for: the person would have given up by then. */
const longestWaitMs = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoffMs = (attempt: number) => 250 * 2 ** (attempt - 1);

/** What fetch rejects with when `AbortSignal.timeout` fires. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

export async function postToResponseUrl(url: string, body: Record<string, unknown>, logger: Logger): Promise<void> {
  const payload = JSON.stringify(body);
  const again = async (attempt: number, waitMs: number, problem: Record<string, unknown>) => {
    logger.warn({ platform: 'slack', attempt, waitMs, ...problem }, 'slack: a reply on the response_url failed; trying again');
    await sleep(waitMs);
  };
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (isTimeout(error)) throw new Error(`slack: the response_url did not answer within ${timeoutMs / 1000} s`);
      if (attempt >= attempts) throw new Error(`slack: the response_url could not be reached (${attempt} tries): ${causeOf(error)}`);
      await again(attempt, backoffMs(attempt), { cause: causeOf(error) });
      continue;
    }
    // Read to the end, so the connection goes back to the pool for the next reply.
    const text = await response.text().catch(() => '');
    if (response.ok) return;
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt >= attempts) {
      throw new Error(`slack: the response_url answered ${response.status}${text ? ` ${text.slice(0, 60)}` : ''}`);
    }
    const retryAfterS = Number(response.headers.get('retry-after'));
    await again(attempt, Number.isFinite(retryAfterS) && retryAfterS > 0 ? Math.min(retryAfterS * 1000, longestWaitMs) : backoffMs(attempt), { status: response.status });
  }
}

/** fetch's own message is "fetch failed"; the reason is its cause's. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

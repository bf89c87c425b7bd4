/**
 * The request being handled, for the logs: every line written while Hearth handles one incoming
 * HTTP request (a Slack event, a Teams activity, a playground command), a Socket Mode event or
 * a scheduled job, from Bolt's listener through the core and the database, carries its `requestId`. Node's AsyncLocalStorage follows
 * the work across every await, so no function has to pass the id along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** The caller's id when it is a sane one (a proxy's X-Request-Id), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

export function withRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/**
 * Work outside any HTTP request (a Socket Mode event, a scheduled job) with an id of its own;
 * work already inside a request keeps that request's id.
 */
export function traced<T>(work: () => Promise<T>): Promise<T> {
  return storage.getStore() ? work() : storage.run({ requestId: randomUUID() }, work);
}

/** Merged into every log line (pino's mixin). */
export function requestFields(): { requestId?: string } {
  const current = storage.getStore();
  return current ? { requestId: current.requestId } : {};
}

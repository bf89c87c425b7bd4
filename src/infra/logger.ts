/**
 * Structured JSON logs through pino. Secrets and personal data are redacted by key wherever
 * they appear, so a careless log call cannot leak a token or an email. A line written while a
 * request is handled carries its `requestId` (request-context.ts).
 */
import { pino, type DestinationStream, type Level } from 'pino';
import type { Logger } from '../core/ports.ts';
import { requestFields } from './request-context.ts';

export const redactedKeys = [
  'token', 'password', 'secret', 'signingSecret', 'authorization', 'cookie', 'email', 'botToken', 'appToken',
];

export function createLogger(level: Level | 'silent', destination?: DestinationStream): Logger {
  const paths = redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    { level, base: { service: 'hearth' }, redact: { paths, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime, mixin: requestFields },
    destination ?? process.stdout,
  ) as unknown as Logger;
}

/**
 * Standard output written by this thread itself. A worker thread's `process.stdout` is relayed
 * through the main thread, which would then spend time on every line the core writes.
 */
export function ownStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

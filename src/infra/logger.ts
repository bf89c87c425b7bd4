/**
 * Structured JSON logs through pino. Secrets and personal data are redacted by key wherever
 * they appear, so a careless log call cannot leak a token or an email.
 */
import { pino, type Level } from 'pino';
import type { Logger } from '../core/ports.ts';

export const redactedKeys = [
  'token', 'password', 'secret', 'signingSecret', 'authorization', 'cookie', 'email', 'botToken', 'appToken',
];

export function createLogger(level: Level | 'silent', destination?: NodeJS.WritableStream): Logger {
  const paths = redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    { level, base: { service: 'hearth' }, redact: { paths, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? process.stdout,
  ) as unknown as Logger;
}

import type { MessageKey, MessageParams } from './i18n/index.ts';

/**
 * Why a request could not be done. Each code maps to a short reply for the person who asked;
 * adapters translate SDK errors into these at their boundary, so a user never sees a stack trace.
 */
export type ErrorCode =
  | 'usage'
  | 'unknown_command'
  | 'forbidden'
  | 'not_found'
  | 'invalid_argument'
  /** The database cannot be reached (restarting, failing over): nothing to fix but to try again shortly. */
  | 'unavailable';

/** An error whose message is a catalogue key, rendered in the reader's language. */
export class HearthError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    options?: ErrorOptions,
  ) {
    super(`${code}: ${key}`, options);
    this.name = 'HearthError';
  }
}

export function isHearthError(error: unknown): error is HearthError {
  return error instanceof HearthError;
}

/**
 * A file a person sent could not be read: larger than allowed, or the platform would not hand it
 * over (a missing scope, an expired link). Adapters throw it; commands turn it into a reply.
 */
export class FileReadError extends Error {
  constructor(readonly reason: 'too_large' | 'unreadable', detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'FileReadError';
  }
}

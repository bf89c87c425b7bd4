/**
 * Slack Web API errors, translated at the boundary into what the delivery queue understands:
 * wait as long as Slack says (429 `Retry-After`), give up on errors retrying cannot fix, and
 * retry the rest with backoff.
 */
import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import { DeliveryError } from '../../src/core/delivery.ts';

/** `ok:false` errors that will be the same however often the call is made. */
const permanent = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'users_not_found', 'account_inactive',
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'missing_scope', 'invalid_blocks', 'invalid_blocks_format',
  'msg_too_long', 'no_text', 'restricted_action', 'cannot_dm_bot', 'user_disabled', 'team_access_not_granted', 'invalid_arguments',
]);

export function slackErrorCode(error: unknown): string | undefined {
  const e = error as Partial<WebAPICallError> & { data?: { error?: string } };
  return e.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as Partial<WebAPICallError> & { retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e.code === ErrorCode.RateLimitedError) {
    return new DeliveryError('slack rate limited', { retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 });
  }
  const platform = slackErrorCode(error);
  if (platform) return new DeliveryError(`slack: ${platform}`, { permanent: permanent.has(platform) });
  if (e.code === ErrorCode.HTTPError) return new DeliveryError(`slack http ${e.statusCode ?? '?'}`, { permanent: false });
  return new DeliveryError(error instanceof Error ? error.message : String(error));
}

/**
 * How the fake platforms enforce rate limits: a call is admitted when, counting it, no window
 * holds more than its count of admitted calls in the last `ms` milliseconds, per conversation
 * and across all of them. Refused calls do not count.
 */
import type { RateLimits, RateWindow } from '../../src/core/pacer.ts';

export function createLimiter(limits: RateLimits) {
  const byConversation = new Map<string, number[]>();
  const all: number[] = [];
  const longest = Math.max(0, ...[...limits.perConversation, ...limits.shared].map((w) => w.ms));
  const full = (times: number[], windows: RateWindow[], t: number) => windows.some((w) => times.filter((x) => x > t - w.ms).length >= w.count);
  return {
    admit(conversation: string, t: number): boolean {
      const own = byConversation.get(conversation) ?? [];
      while (all.length > 0 && all[0]! <= t - longest) all.shift();
      while (own.length > 0 && own[0]! <= t - longest) own.shift();
      if (full(own, limits.perConversation, t) || full(all, limits.shared, t)) return false;
      own.push(t);
      all.push(t);
      byConversation.set(conversation, own);
      return true;
    },
  };
}

/**
 * Spaces out messages to the same channel: Slack allows about one `chat.postMessage` per second
 * per channel. Different channels do not wait for each other; the workspace-wide limit is
 * Slack's to enforce, and its 429 `Retry-After` goes back to the delivery queue.
 */
export interface Pacer {
  /** Resolves when a message to `channel` may go. */
  wait(channel: string): Promise<void>;
}

export function createPacer(intervalMs: number, now: () => number = Date.now): Pacer {
  const nextFree = new Map<string, number>();
  return {
    async wait(channel) {
      const at = Math.max(now(), nextFree.get(channel) ?? 0);
      nextFree.set(channel, at + intervalMs);
      // Forget channels that have been quiet, so the map does not grow with every DM ever sent.
      if (nextFree.size > 10_000) for (const [c, t] of nextFree) if (t < now()) nextFree.delete(c);
      const delay = at - now();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
  };
}

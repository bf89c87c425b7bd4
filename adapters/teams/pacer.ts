/**
 * Teams' published limits for a bot, per conversation: 7 messages a second, 8 in 2 seconds,
 * 60 in 30 seconds; and about 30 requests a second per tenant. `wait` resolves when a message to
 * that conversation fits every window, so 429s stay the exception.
 */
export interface Window {
  count: number;
  ms: number;
}

export const teamsConversationWindows: Window[] = [
  { count: 7, ms: 1000 },
  { count: 8, ms: 2000 },
  { count: 60, ms: 30_000 },
];
export const teamsTenantWindows: Window[] = [{ count: 30, ms: 1000 }];

export interface WindowPacer {
  wait(conversation: string): Promise<void>;
}

/** When a new event may happen after `history` (oldest first) without breaking a window. */
export function nextSlot(history: number[], windows: Window[], now: number): number {
  let at = now;
  for (const w of windows) {
    if (history.length >= w.count) at = Math.max(at, history[history.length - w.count]! + w.ms);
  }
  return at;
}

export function createWindowPacer(
  conversationWindows: Window[] = teamsConversationWindows,
  tenantWindows: Window[] = teamsTenantWindows,
  now: () => number = Date.now,
): WindowPacer {
  const longest = Math.max(...conversationWindows.map((w) => w.ms), ...tenantWindows.map((w) => w.ms));
  const byConversation = new Map<string, number[]>();
  const tenant: number[] = [];
  const prune = (list: number[], before: number) => {
    while (list.length > 0 && list[0]! < before) list.shift();
  };
  return {
    async wait(conversation) {
      const history = byConversation.get(conversation) ?? [];
      byConversation.set(conversation, history);
      // Reserve the slot before sleeping, so concurrent sends queue up behind each other.
      const at = Math.max(nextSlot(history, conversationWindows, now()), nextSlot(tenant, tenantWindows, now()));
      history.push(at);
      tenant.push(at);
      tenant.sort((a, b) => a - b);
      prune(history, now() - longest);
      prune(tenant, now() - longest);
      // Forget conversations that have been quiet for the longest window.
      if (byConversation.size > 10_000) {
        for (const [key, list] of byConversation) if ((list.at(-1) ?? 0) < now() - longest) byConversation.delete(key);
      }
      const delay = at - now();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
  };
}

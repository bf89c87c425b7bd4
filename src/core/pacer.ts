/**
 * Keeps sends within a platform's published rate limits, so 429s stay the exception: limits per
 * conversation (Slack: one message a second per channel; Teams: 7 a second, 8 in 2 seconds, 60 in
 * 30 seconds) and limits shared by all conversations (a Slack workspace, a Teams tenant).
 *
 * `wait` reserves the earliest instant at which one more message fits every window, then sleeps
 * until it. Reservations need not come in time order: a message to a busy channel takes a slot a
 * second away without holding up the direct messages queued behind it.
 *
 * Shared limits are spread evenly (30 a second goes as one every 33 ms, not 30 at once), and
 * every window is kept a little wider than published (`marginMs`). Sends wake and reach the
 * platform a few milliseconds late, unevenly; without both, a burst that went late and the next
 * that went on time land in one window, and the platform answers 429.
 */

/** At most `count` events in any `ms` milliseconds. */
export interface RateWindow {
  count: number;
  ms: number;
}

export interface RateLimits {
  perConversation: RateWindow[];
  shared: RateWindow[];
}

export interface Pacer {
  /** Takes the earliest free slot for a message to `conversation` and returns it (epoch ms). */
  reserve(conversation: string): number;
  /** Reserves a slot and resolves when it comes. */
  wait(conversation: string): Promise<void>;
}

/** Index of the first element of sorted `list` that is ≥ `value`. */
function lowerBound(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted `list` that is > `value`. */
function upperBound(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether one more event at `t` keeps every window of sorted `events` within its count. A window
 * is (s, s + ms]: two events exactly `ms` apart are never in one.
 */
function fits(events: number[], windows: RateWindow[], t: number): boolean {
  for (const w of windows) {
    // The windows holding t start in [t − ms, t). Sliding the start right only gains events as
    // one after t comes in, so the fullest start at t − ms or just as one does.
    const later = events.slice(upperBound(events, t), lowerBound(events, t + w.ms));
    const starts = [t - w.ms, ...later.map((e) => e - w.ms)];
    for (const s of starts) {
      if (upperBound(events, s + w.ms) - upperBound(events, s) + 1 > w.count) return false;
    }
  }
  return true;
}

/**
 * The earliest instant at or after `from` at which one more event fits both sorted lists' windows.
 * Feasibility only changes where an event leaves a window, so those instants are the candidates.
 */
function earliestSlot(own: number[], ownWindows: RateWindow[], shared: number[], sharedWindows: RateWindow[], from: number): number {
  const candidates = [
    from,
    ...own.flatMap((e) => ownWindows.map((w) => e + w.ms)),
    ...shared.flatMap((e) => sharedWindows.map((w) => e + w.ms)),
  ]
    .filter((t) => t >= from)
    .sort((a, b) => a - b);
  for (const t of candidates) {
    if (fits(own, ownWindows, t) && fits(shared, sharedWindows, t)) return t;
  }
  // Unreachable: past the last event plus the longest window, everything fits.
  return candidates.at(-1)!;
}

function insertSorted(list: number[], value: number): void {
  list.splice(lowerBound(list, value), 0, value);
}

/**
 * The windows a pacer keeps for published limits: each widened by the margin, and shared ones
 * spread, `burst` sends at a time. The spread is rounded down to whole milliseconds and the shared
 * window itself keeps the average: for 30 in 1,015 ms, one every 33 ms and a 58 ms gap each
 * second, 30 per 1,015 ms exactly. (Rounded up, one every 34 ms, it cost half a per cent of a long
 * fan-out; fractional slots are not used, since `a + b - b` need not be `a` in floating point.)
 */
export function pacedLimits(published: RateLimits, marginMs: number, burst = 1): RateLimits {
  const widen = (windows: RateWindow[]) => windows.map((w) => ({ count: w.count, ms: w.ms + marginMs }));
  const shared = widen(published.shared);
  const spread = shared.filter((w) => w.count > burst).map((w) => ({ count: burst, ms: Math.floor((burst * w.ms) / w.count) }));
  return { perConversation: widen(published.perConversation), shared: [...shared, ...spread] };
}

/** Instants per conversation and across all, kept sorted, forgotten once no window can see them. */
function createBook(limits: RateLimits) {
  const longest = (windows: RateWindow[]) => Math.max(0, ...windows.map((w) => w.ms));
  const ownSpan = longest(limits.perConversation);
  const allSpan = longest(limits.shared);
  const byConversation = new Map<string, number[]>();
  const all: number[] = [];
  const forget = (list: number[], before: number) => list.splice(0, lowerBound(list, before));
  function own(conversation: string): number[] {
    const list = byConversation.get(conversation) ?? [];
    byConversation.set(conversation, list);
    return list;
  }
  return {
    /** The earliest instant from now (`t`) at which one more message to `conversation` fits. */
    slot(conversation: string, t: number): number {
      forget(own(conversation), t - ownSpan);
      forget(all, t - allSpan);
      // Forget conversations that have been quiet, so the map does not grow with every DM ever sent.
      if (byConversation.size > 10_000) {
        for (const [key, l] of byConversation) if ((l.at(-1) ?? 0) < t - ownSpan) byConversation.delete(key);
      }
      return earliestSlot(own(conversation), limits.perConversation, all, limits.shared, t);
    },
    add(conversation: string, t: number) {
      insertSorted(own(conversation), t);
      insertSorted(all, t);
    },
    remove(conversation: string, t: number) {
      for (const list of [byConversation.get(conversation) ?? [], all]) {
        const i = lowerBound(list, t);
        if (list[i] === t) list.splice(i, 1);
      }
    },
  };
}

export function createPacer(published: RateLimits, now: () => number = Date.now, marginMs = 15): Pacer {
  // `plan` holds slots taken and sends made, to line sleepers up evenly; `went` only the sends
  // made, checked by each sender as it wakes. There two may go together and the margin is two
  // thirds as wide, so that a send woken late can catch up with the plan: with the full margin,
  // one late send would hold back every later one a window's count further on, and the next, for
  // good; with a third, catching up came close enough to the limit to earn 2% 429s on PostgreSQL.
  const plan = createBook(pacedLimits(published, marginMs));
  const went = createBook(pacedLimits(published, Math.floor((marginMs * 2) / 3), 2));
  function reserve(conversation: string): number {
    const at = plan.slot(conversation, now());
    plan.add(conversation, at);
    return at;
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    reserve,
    async wait(conversation) {
      const at = reserve(conversation);
      if (at > now()) await sleep(at - now());
      // Woken within the margin of its slot (the usual few milliseconds): it goes, and counts as
      // sent on time, since the windows' margin already allows for that much, unless late
      // sleepers have meanwhile taken the room. Woken later (a stalled event loop wakes several
      // sleepers at once), each goes only when it fits the sends really made, so a late one never
      // crowds the next into a 429.
      if (now() - at <= marginMs && went.slot(conversation, at) <= at) {
        went.add(conversation, at);
        return;
      }
      for (;;) {
        const t = now();
        const next = went.slot(conversation, t);
        if (next <= t) {
          went.add(conversation, t);
          plan.remove(conversation, at);
          plan.add(conversation, t);
          return;
        }
        await sleep(next - t);
      }
    },
  };
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPacer, pacedLimits, type RateWindow } from '../../src/core/pacer.ts';
import { slackLimits } from '../../adapters/slack/index.ts';
import { teamsLimits } from '../../adapters/teams/index.ts';

/** Whether `events` keep every window: at most `count` in any `ms` (events exactly `ms` apart never share one). */
function keeps(events: number[], windows: RateWindow[]): boolean {
  return windows.every((w) => events.every((x) => events.filter((e) => e >= x && e < x + w.ms).length <= w.count));
}

describe('pacing sends to a platform’s limits', () => {
  it('keeps Teams’ 7 a second, 8 in 2 seconds and 60 in 30 seconds for one conversation', () => {
    let t = 0;
    const pacer = createPacer({ perConversation: teamsLimits.perConversation, shared: [] }, () => t, 0);
    const slots = Array.from({ length: 70 }, () => pacer.reserve('a:chat'));
    expect(slots.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(slots[7]).toBe(1000); // the eighth waits for the first second to pass
    expect(slots[8]).toBe(2000); // the ninth for the 2-second window
    expect(slots[60]).toBeGreaterThanOrEqual(30_000); // the 61st for the 30-second one
    expect(keeps(slots, teamsLimits.perConversation)).toBe(true);
    t = 100_000;
    expect(pacer.reserve('a:chat')).toBe(100_000);
  });

  it('spaces Slack posts to one channel a second apart, while other channels go in between', () => {
    const pacer = createPacer(slackLimits, () => 0, 0);
    expect([pacer.reserve('C1'), pacer.reserve('C1'), pacer.reserve('C1')]).toEqual([0, 1000, 2000]);
    // The workspace's 10 a second, spread: the next free tenth of a second.
    expect(pacer.reserve('D1')).toBe(100);
  });

  it('does not hold up direct messages behind a busy channel, within the workspace’s share', () => {
    const pacer = createPacer(slackLimits, () => 0, 0);
    for (let i = 0; i < 5; i++) pacer.reserve('C-general');
    // The channel's posts hold 0 s, 1 s … 4 s; the DMs take the tenths of a second in between.
    const dms = Array.from({ length: 20 }, (_, i) => pacer.reserve(`D${i}`));
    expect(dms.slice(0, 10)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1100]);
    expect(Math.max(...dms)).toBe(2200);
  });

  it('keeps each window a little wider than published, so timing noise does not earn a 429', () => {
    const pacer = createPacer(slackLimits, () => 0);
    expect([pacer.reserve('C1'), pacer.reserve('C1'), pacer.reserve('C1')]).toEqual([0, 1015, 2030]);
  });

  it('spreads a shared limit evenly: Teams’ 30 a second per tenant go one every 33 ms, 30 per 1,015 ms', () => {
    const pacer = createPacer(teamsLimits, () => 0);
    const slots = Array.from({ length: 61 }, (_, i) => pacer.reserve(`a:chat-${i}`));
    expect(slots.slice(0, 3)).toEqual([0, 33, 66]);
    // Thirty a second, with the 15 ms margin on each second's window, and not a millisecond more.
    expect(slots[30]! - slots[0]!).toBe(1015);
    expect(slots[60]! - slots[0]!).toBe(2030);
  });

  it('lets sleepers woken late by a stalled event loop go one by one, as the limits allow', async () => {
    const pacer = createPacer({ perConversation: [], shared: [{ count: 10, ms: 500 }] }, Date.now, 0);
    const went: number[] = [];
    const sends = Array.from({ length: 8 }, (_, i) => pacer.wait(`D${i}`).then(() => went.push(Date.now())));
    // Slots every 50 ms; after the first, the event loop stalls for 300 ms, so six are due at once when it frees.
    await sends[0];
    const stalled = Date.now();
    while (Date.now() - stalled < 300);
    await Promise.all(sends);
    // Catching up, two may go together, but no more: unpaced, six would go at once. (The times are
    // read a moment after the pacer's own clock, so the window is a millisecond short.)
    expect(went).toHaveLength(8);
    expect(keeps(went, [{ count: 2, ms: 99 }, { count: 10, ms: 499 }])).toBe(true);
  });

  it('always takes the earliest slot that keeps every window, whatever the order of reservations (property)', () => {
    const windows = fc.array(fc.record({ count: fc.integer({ min: 1, max: 4 }), ms: fc.integer({ min: 1, max: 40 }) }), { minLength: 0, maxLength: 2 });
    fc.assert(
      fc.property(
        windows,
        windows,
        fc.array(fc.record({ conversation: fc.integer({ min: 0, max: 3 }), advance: fc.integer({ min: 0, max: 15 }) }), { maxLength: 40 }),
        (perConversation, shared, steps) => {
          let t = 0;
          const pacer = createPacer({ perConversation, shared }, () => t, 0);
          // What it keeps: the published windows, and the shared ones spread evenly.
          const kept = pacedLimits({ perConversation, shared }, 0);
          expect(kept.shared.slice(0, shared.length)).toEqual(shared);
          const taken: Array<{ conversation: number; at: number }> = [];
          for (const step of steps) {
            t += step.advance;
            const at = pacer.reserve(`c${step.conversation}`);
            const fits = (x: number) =>
              keeps([...taken.map((r) => r.at), x], kept.shared) && keeps([...taken.filter((r) => r.conversation === step.conversation).map((r) => r.at), x], perConversation);
            expect(at).toBeGreaterThanOrEqual(t);
            expect(fits(at)).toBe(true);
            // Earliest: no free instant between now and the slot it took.
            for (let x = t; x < at; x++) expect(fits(x)).toBe(false);
            taken.push({ conversation: step.conversation, at });
          }
        },
      ),
    );
  });
});

/**
 * A small seeded random source, so a lunch round can be recomputed exactly from its seed (for a
 * retry, an audit of "why was I put with them", or a test) without ever touching Math.random.
 */

/** A source of floats in [0, 1), deterministic for its seed. */
export type Random = () => number;

/** FNV-1a over UTF-16 code units, then an avalanche step so close seeds diverge immediately. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Mulberry32: 32 bits of state is plenty for shuffling a few thousand people and is fast enough
 * to sit in the grouping's inner loop.
 */
export function createRandom(seed: string): Random {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, bound), for picking a group or a swap partner. */
export function randomIndex(random: Random, bound: number): number {
  return Math.floor(random() * bound);
}

/** Fisher–Yates in place: the processing order that makes ties in the greedy fall differently per seed. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = randomIndex(random, i + 1);
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  }
  return items;
}

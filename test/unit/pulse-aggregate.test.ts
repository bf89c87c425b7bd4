import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, enps, mean, participation, type GroupAnswers, type GroupResult, type QuestionResult } from '../../src/features/pulse/aggregate.ts';

/** `n` answers of `value`. */
const answers = (n: number, value = 4): number[] => Array.from({ length: n }, () => value);
const group = (name: string, n: number, value = 4): GroupAnswers => ({ group: name, values: answers(n, value) });
const byName = (result: QuestionResult, name: string): GroupResult => result.groups.find((g) => g.group === name)!;
const hiddenOnly = (name: string, hidden: 'small' | 'complement'): GroupResult => ({ group: name, shown: false, hidden });

describe('aggregate: the threshold', () => {
  it.each([
    [4, 5, false], [5, 5, true], [2, 3, false], [3, 3, true], [9, 10, false], [10, 10, true], [6, 5, true],
  ])('%i answers against threshold %i: shown %s', (n, threshold, shown) => {
    const result = aggregate([group('A', n)], 'agree5', threshold);
    expect(byName(result, 'A').shown).toBe(shown);
    expect(result.total.shown).toBe(shown);
  });

  it('defaults to 5', () => {
    expect(aggregate([group('A', 4)], 'agree5').total.shown).toBe(false);
    expect(aggregate([group('A', 5)], 'agree5').total.shown).toBe(true);
  });

  it.each([2, 11, 4.5, Number.NaN])('refuses threshold %s', (threshold) => {
    expect(() => aggregate([group('A', 5)], 'agree5', threshold)).toThrow(RangeError);
  });

  it('reveals nothing about a hidden group, not even how many answered', () => {
    const result = aggregate([group('A', 4)], 'agree5', 5);
    expect(byName(result, 'A')).toEqual(hiddenOnly('A', 'small'));
    expect(result.total).toEqual(hiddenOnly('*', 'small'));
  });

  it('with a single group, shows a total identical to it', () => {
    const result = aggregate([{ group: 'A', values: [1, 2, 3, 4, 5, 5] }], 'agree5', 5);
    expect(result.total).toEqual({ ...byName(result, 'A'), group: '*' });
    expect(result.total).toMatchObject({ shown: true, count: 6, mean: 3.33, distribution: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 2 } });
  });
});

describe('aggregate: complementary suppression', () => {
  it('defeats the subtraction attack: A(12) B(9) C(2) hides C as small and B as its complement', () => {
    const result = aggregate([group('A', 12), group('B', 9), group('C', 2)], 'agree5', 5);
    expect(byName(result, 'A')).toMatchObject({ shown: true, count: 12 });
    expect(byName(result, 'B')).toEqual(hiddenOnly('B', 'complement'));
    expect(byName(result, 'C')).toEqual(hiddenOnly('C', 'small'));
    expect(result.total).toMatchObject({ shown: true, count: 23 });
    // All a reader can derive is B and C together: 11 answers, above the threshold.
    expect(result.total.count! - byName(result, 'A').count!).toBe(11);
  });

  it('hides nothing more when the small groups already add up to the threshold', () => {
    const result = aggregate([group('A', 10), group('C', 3), group('D', 3)], 'agree5', 5);
    expect(result.groups.map((g) => g.hidden)).toEqual([undefined, 'small', 'small']);
    expect(result.total.shown).toBe(true);
  });

  it('keeps hiding the next-smallest group until the hidden ones add up to the threshold', () => {
    const result = aggregate([group('A', 20), group('B', 12), group('C', 1), group('D', 1), group('E', 2)], 'agree5', 10);
    // C+D+E = 4; B makes 16.
    expect(result.groups.map((g) => g.hidden)).toEqual([undefined, 'complement', 'small', 'small', 'small']);
  });

  it('hides everything but the total when every group is small but together they are not', () => {
    const result = aggregate([group('A', 3), group('B', 3), group('C', 3)], 'agree5', 5);
    expect(result.groups.every((g) => g.hidden === 'small')).toBe(true);
    expect(result.total).toMatchObject({ shown: true, count: 9 });
  });

  it('hides the total too when hiding everything still leaves fewer than the threshold', () => {
    const result = aggregate([group('A', 5), group('B', 2)], 'agree5', 10);
    expect(result.groups.map((g) => g.hidden)).toEqual(['small', 'small']);
    expect(result.total.shown).toBe(false);
  });

  it('breaks ties between equally small candidates by name, whatever order the groups come in', () => {
    const groups = [group('Nights', 7), group('Days', 7), group('Weekend', 2)];
    for (const order of [groups, [...groups].reverse()]) {
      const result = aggregate(order, 'agree5', 5);
      expect(byName(result, 'Days').hidden).toBe('complement');
      expect(byName(result, 'Nights').shown).toBe(true);
    }
  });

  it('counts a group nobody answered as small', () => {
    const result = aggregate([group('A', 9), group('B', 8), group('C', 0)], 'agree5', 5);
    expect(result.groups.map((g) => g.hidden)).toEqual([undefined, 'complement', 'small']);
  });
});

describe('aggregate: figures', () => {
  it('gives mean and a full distribution for agree5, and no eNPS', () => {
    const result = aggregate([{ group: 'A', values: [5, 5, 4, 2, 2] }], 'agree5', 5);
    expect(byName(result, 'A')).toEqual({ group: 'A', shown: true, count: 5, mean: 3.6, distribution: { 1: 0, 2: 2, 3: 0, 4: 1, 5: 2 } });
  });

  it('adds eNPS and a 0..10 distribution for the enps scale', () => {
    const result = aggregate([{ group: 'A', values: [10, 9, 8, 7, 6, 0] }], 'enps', 5);
    expect(byName(result, 'A')).toMatchObject({ count: 6, mean: 6.67, enps: 0 });
    expect(Object.keys(byName(result, 'A').distribution!)).toHaveLength(11);
    expect(byName(result, 'A').distribution).toMatchObject({ 0: 1, 1: 0, 6: 1, 9: 1, 10: 1 });
  });

  it.each([
    ['agree5', [0]], ['agree5', [6]], ['agree5', [2.5]], ['enps', [11]], ['enps', [-1]], ['enps', [Number.NaN]],
  ] as const)('refuses %s answers %j', (scale, values) => {
    // Five good answers (4 is on both scales) and one bad one.
    expect(() => aggregate([{ group: 'A', values: [...answers(5), ...values] }], scale, 5)).toThrow(RangeError);
  });

  it('refuses repeated group names and the name reserved for the total', () => {
    expect(() => aggregate([group('A', 5), group('A', 5)], 'agree5', 5)).toThrow(RangeError);
    expect(() => aggregate([group('*', 5)], 'agree5', 5)).toThrow(RangeError);
  });
});

describe('enps and mean', () => {
  it.each([
    [answers(7, 10), 100],
    [answers(7, 0), -100],
    [answers(7, 8), 0],
    [[10, 9, 8, 7, 6], 20],
    [[10, 0, 8], 0],
    [[9, 9, 7], 67],
    [[0, 0, 10], -33],
    [[10, ...answers(7, 8)], 13],
    [[0, ...answers(7, 8)], -13],
  ])('eNPS of %j is %i', (values, expected) => {
    expect(enps(values)).toBe(expected);
  });

  it.each([
    [[1, 2], 1.5], [[1, 1, 2], 1.33], [[1, 2, 2], 1.67], [[5], 5], [[0, 10, 10], 6.67],
  ])('mean of %j is %d', (values, expected) => {
    expect(mean(values)).toBe(expected);
  });

  it('refuses to summarise no answers at all', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => enps([])).toThrow(RangeError);
  });
});

describe('aggregate: properties', () => {
  const input = fc.constantFrom('agree5' as const, 'enps' as const).chain((scale) => fc.record({
    scale: fc.constant(scale),
    threshold: fc.integer({ min: 3, max: 10 }),
    values: fc.array(fc.array(scale === 'agree5' ? fc.integer({ min: 1, max: 5 }) : fc.integer({ min: 0, max: 10 }), { maxLength: 25 }), { minLength: 1, maxLength: 8 }),
  }));

  it('never publishes a figure for fewer than `threshold` people, directly or by subtraction, and the figures it does publish are right', () => {
    fc.assert(fc.property(input, ({ scale, threshold, values }) => {
      const groups = values.map((v, i) => ({ group: `T${i}`, values: v }));
      const result = aggregate(groups, scale, threshold);
      const total = values.flat().length;
      const hidden = groups.filter((_, i) => !result.groups[i]!.shown);
      const hiddenCount = hidden.reduce((sum, g) => sum + g.values.length, 0);

      expect(result.total.shown).toBe(total >= threshold);
      if (result.total.shown) {
        expect(hiddenCount === 0 || hiddenCount >= threshold).toBe(true);
        expect(hidden.length).not.toBe(1);
      }
      if (groups.length === 1) expect(result.total.shown).toBe(result.groups[0]!.shown);

      const shownCounts = result.groups.filter((g) => g.shown).map((g) => g.count!);
      for (const [i, g] of result.groups.entries()) {
        const raw = groups[i]!.values;
        expect(g.group).toBe(groups[i]!.group);
        if (!g.shown) {
          expect(g).toEqual({ group: g.group, shown: false, hidden: raw.length < threshold ? 'small' : 'complement' });
          // A complement is only ever taken from the smallest groups.
          if (g.hidden === 'complement') for (const c of shownCounts) expect(raw.length).toBeLessThanOrEqual(c);
          continue;
        }
        expect(g.hidden).toBeUndefined();
        expect(g.count).toBe(raw.length);
        expect(g.count).toBeGreaterThanOrEqual(threshold);
        expect(Math.abs(g.mean! - raw.reduce((a, b) => a + b, 0) / raw.length)).toBeLessThanOrEqual(0.005 + 1e-9);
        const exactEnps = (100 * (raw.filter((v) => v >= 9).length - raw.filter((v) => v <= 6).length)) / raw.length;
        if (scale === 'enps') expect(Math.abs(g.enps! - exactEnps)).toBeLessThanOrEqual(0.5);
        else expect(g).not.toHaveProperty('enps');
        expect(Object.values(g.distribution!).reduce((a, b) => a + b, 0)).toBe(raw.length);
        for (const [value, n] of Object.entries(g.distribution!)) expect(n).toBe(raw.filter((v) => v === Number(value)).length);
      }
    }));
  });

  it('does not depend on the order the groups come in', () => {
    fc.assert(fc.property(input, fc.nat(), ({ scale, threshold, values }, rotation) => {
      const groups = values.map((v, i) => ({ group: `T${i}`, values: v }));
      const k = rotation % groups.length;
      const rotated = [...groups.slice(k), ...groups.slice(0, k)];
      const sorted = (r: QuestionResult) => [...r.groups].sort((a, b) => a.group.localeCompare(b.group));
      const a = aggregate(groups, scale, threshold);
      const b = aggregate(rotated, scale, threshold);
      expect(sorted(b)).toEqual(sorted(a));
      expect(b.total).toEqual(a.total);
    }));
  });
});

describe('participation', () => {
  it('hides both counts for a group with fewer invited than the threshold, and its complement', () => {
    expect(participation([
      { group: 'A', invited: 12, answered: 9 },
      { group: 'B', invited: 8, answered: 3 },
      { group: 'C', invited: 4, answered: 4 },
    ], 5)).toEqual([
      { group: 'A', shown: true, invited: 12, answered: 9, rate: 0.75 },
      { group: 'B', shown: false, hidden: 'complement' },
      { group: 'C', shown: false, hidden: 'small' },
    ]);
  });

  it('thresholds on invited, not answered: a large team where few answered is still shown', () => {
    expect(participation([{ group: 'A', invited: 5, answered: 1 }], 5)).toEqual([{ group: 'A', shown: true, invited: 5, answered: 1, rate: 0.2 }]);
    expect(participation([{ group: 'A', invited: 4, answered: 4 }], 5)).toEqual([{ group: 'A', shown: false, hidden: 'small' }]);
  });

  it('gives the rate as an unrounded fraction', () => {
    expect(participation([{ group: 'A', invited: 6, answered: 4 }], 5)[0]?.rate).toBeCloseTo(2 / 3, 12);
  });

  it('never leaves exactly one group hidden, nor hidden groups inviting fewer than the threshold between them unless all are hidden', () => {
    const rows = fc.array(fc.nat(30).chain((invited) => fc.record({ invited: fc.constant(invited), answered: fc.integer({ min: 0, max: invited }) })), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(rows, fc.integer({ min: 3, max: 10 }), (raw, threshold) => {
      const input = raw.map((r, i) => ({ group: `T${i}`, ...r }));
      const result = participation(input, threshold);
      const hiddenInvited = input.filter((_, i) => !result[i]!.shown).reduce((sum, r) => sum + r.invited, 0);
      const allHidden = result.every((r) => !r.shown);
      for (const [i, r] of result.entries()) {
        if (r.shown) expect(r).toEqual({ group: r.group, shown: true, invited: input[i]!.invited, answered: input[i]!.answered, rate: input[i]!.answered / input[i]!.invited });
        else expect(r).not.toHaveProperty('answered');
        if (input[i]!.invited < threshold) expect(r.shown).toBe(false);
      }
      expect(hiddenInvited === 0 || hiddenInvited >= threshold || allHidden).toBe(true);
      if (result.length > 1) expect(result.filter((r) => !r.shown)).not.toHaveLength(1);
    }));
  });

  it('refuses impossible rows and thresholds', () => {
    expect(() => participation([{ group: 'A', invited: 5, answered: 6 }], 5)).toThrow(RangeError);
    expect(() => participation([{ group: 'A', invited: -1, answered: 0 }], 5)).toThrow(RangeError);
    expect(() => participation([{ group: 'A', invited: 5, answered: 1 }, { group: 'A', invited: 5, answered: 1 }], 5)).toThrow(RangeError);
    expect(() => participation([{ group: 'A', invited: 5, answered: 1 }], 2)).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShiftPattern } from '../../src/core/domain.ts';
import { fairOrder, planRotation, workingDates, type PlanInput, type RotationCandidate, type TurnHistory } from '../../src/features/rotation/plan.ts';

const monFri: ShiftPattern = { days: 0b0011111, startMinute: 8 * 60, endMinute: 16 * 60 + 30 };
const weekend: ShiftPattern = { days: 0b1100000, startMinute: 10 * 60, endMinute: 18 * 60 };
const nightsMonThu: ShiftPattern = { days: 0b0001111, startMinute: 22 * 60, endMinute: 6 * 60 };
const none: ReadonlySet<string> = new Set();
const christmas = new Set(['2026-12-25']);
/** December 2026 without Christmas: 22 working days, Tuesday 1st to Thursday 31st. */
const december = workingDates([], '2026-12', christmas);

const daysApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
const candidate = (id: string, available: string[], turns = 0, lastTurn: string | null = null): RotationCandidate => ({ id, turns, lastTurn, available });
const plan = (overrides: Partial<PlanInput>): PlanInput => ({ candidates: [], count: 1, monthDays: december, taken: {}, maxAwayPerDay: 1, seed: 'team-a:2026-12', ...overrides });

describe('workingDates', () => {
  it('gives Monday to Friday for a Mon-Fri shift, across a month starting on a Tuesday', () => {
    const dates = workingDates([monFri], '2026-12', none);
    expect(dates).toHaveLength(23);
    expect(dates.slice(0, 6)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08']);
    expect(dates.at(-1)).toBe('2026-12-31');
  });

  it('gives only Saturdays and Sundays for a weekend shift', () => {
    expect(workingDates([weekend], '2026-12', none)).toEqual(['2026-12-05', '2026-12-06', '2026-12-12', '2026-12-13', '2026-12-19', '2026-12-20', '2026-12-26', '2026-12-27']);
  });

  it('counts an overnight Mon-Thu 22:00-06:00 shift on the days it starts, not the Friday it ends', () => {
    const dates = workingDates([nightsMonThu], '2026-12', none);
    expect(dates).toContain('2026-12-03');
    expect(dates).not.toContain('2026-12-04');
    expect(dates.slice(0, 5)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-07', '2026-12-08']);
  });

  it('joins several shifts and leaves out holidays', () => {
    const dates = workingDates([nightsMonThu, weekend], '2026-12', christmas);
    expect(dates.slice(0, 5)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-05', '2026-12-06']);
    expect(workingDates([monFri], '2026-12', christmas)).toEqual(december);
    expect(december).not.toContain('2026-12-25');
    expect(december).toHaveLength(22);
  });

  it('treats someone with no shifts as working Monday to Friday', () => {
    expect(workingDates([], '2026-12', none)).toEqual(workingDates([monFri], '2026-12', none));
  });

  it('starts a month that begins mid-week or on a weekend on its first working day', () => {
    expect(workingDates([], '2026-04', none).slice(0, 3)).toEqual(['2026-04-01', '2026-04-02', '2026-04-03']);
    expect(workingDates([], '2026-08', none)[0]).toBe('2026-08-03');
  });

  it('ends February on the 29th in a leap year and the 28th (a Sunday here) in a common year', () => {
    const leap = workingDates([], '2028-02', none);
    expect([leap.length, leap.at(-1)]).toEqual([21, '2028-02-29']);
    const common = workingDates([], '2027-02', none);
    expect([common.length, common.at(-1)]).toEqual([20, '2027-02-26']);
    expect(workingDates([weekend], '2027-02', none).at(-1)).toBe('2027-02-28');
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => workingDates([], '2026-13', none)).toThrow(RangeError);
    expect(() => workingDates([], 'December', none)).toThrow(RangeError);
  });

  it('includes exactly the dates of the month whose weekday is in a shift and that are not holidays', () => {
    const month = fc.record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(month, fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 31 })), (m, masks, holidayDays) => {
        const ym = `${m.year}-${String(m.month).padStart(2, '0')}`;
        const holidays = new Set(holidayDays.map((d) => `${ym}-${String(d).padStart(2, '0')}`));
        const mask = masks.length === 0 ? 0b0011111 : masks.reduce((a, b) => a | b, 0);
        const expected: string[] = [];
        for (let d = new Date(Date.UTC(m.year, m.month - 1, 1)); d.getUTCMonth() === m.month - 1; d.setUTCDate(d.getUTCDate() + 1)) {
          const date = d.toISOString().slice(0, 10);
          if (mask & (1 << ((d.getUTCDay() + 6) % 7)) && !holidays.has(date)) expected.push(date);
        }
        const shifts = masks.map((days) => ({ days, startMinute: 540, endMinute: 1020 }));
        expect(workingDates(shifts, ym, holidays)).toEqual(expected);
      }),
    );
  });
});

const histories = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), turns: fc.integer({ min: 0, max: 4 }), lastTurn: fc.option(fc.constantFrom('2025-11-03', '2026-02-10', '2026-05-21', '2026-09-30')) }),
  { selector: (p) => p.id, maxLength: 15 },
);

describe('fairOrder', () => {
  it('puts whoever never had a turn first, then whoever had theirs longest ago', () => {
    const people: TurnHistory[] = [
      { id: 'U00RECENT', turns: 1, lastTurn: '2026-05-03' },
      { id: 'U00LONGAGO', turns: 1, lastTurn: '2026-01-10' },
      { id: 'U00NEVER', turns: 0, lastTurn: null },
    ];
    expect(fairOrder(people, 'seed')).toEqual(['U00NEVER', 'U00LONGAGO', 'U00RECENT']);
  });

  it('ranks fewer turns above a longer wait', () => {
    const people: TurnHistory[] = [
      { id: 'U00TWICE', turns: 2, lastTurn: '2025-01-01' },
      { id: 'U00ONCE', turns: 1, lastTurn: '2026-11-30' },
    ];
    expect(fairOrder(people, 'seed')).toEqual(['U00ONCE', 'U00TWICE']);
  });

  it('orders by turns, then last turn, and is the same for any input order and the same seed', () => {
    fc.assert(
      fc.property(histories, fc.string(), fc.nat(), (people, seed, shift) => {
        const order = fairOrder(people, seed);
        expect([...order].sort()).toEqual(people.map((p) => p.id).sort());
        const rotated = [...people.slice(shift % (people.length || 1)), ...people.slice(0, shift % (people.length || 1))];
        expect(fairOrder([...rotated].reverse(), seed)).toEqual(order);
        const byId = new Map(people.map((p) => [p.id, p]));
        for (let i = 1; i < order.length; i++) {
          const a = byId.get(order[i - 1]!)!;
          const b = byId.get(order[i]!)!;
          expect(a.turns < b.turns || (a.turns === b.turns && (a.lastTurn ?? '') <= (b.lastTurn ?? ''))).toBe(true);
        }
      }),
    );
  });

  it('breaks ties by seed, not by name', () => {
    const tied = Array.from({ length: 8 }, (_, i) => ({ id: `U00AGENT${i}`, turns: 0, lastTurn: null }));
    const firsts = new Set(Array.from({ length: 40 }, (_, i) => fairOrder(tied, `2026-${i}`)[0]));
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('never gives anyone a second turn before everyone had a first, month after month', () => {
    const scenario = fc.record({ people: fc.integer({ min: 2, max: 12 }), perMonth: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 36 }), seed: fc.string() });
    fc.assert(
      fc.property(scenario, ({ people, perMonth, seed }) => {
        const team: TurnHistory[] = Array.from({ length: people }, (_, i) => ({ id: `U00AGENT${i}`, turns: 0, lastTurn: null }));
        perMonth.forEach((count, m) => {
          const date = `${2026 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`;
          for (const id of fairOrder(team, `${seed}:${m}`).slice(0, count)) {
            const person = team.find((p) => p.id === id)!;
            person.turns += 1;
            person.lastTurn = date;
            const turns = team.map((p) => p.turns);
            expect(Math.max(...turns) - Math.min(...turns)).toBeLessThanOrEqual(1);
          }
        });
      }),
    );
  });
});

describe('planRotation', () => {
  it('spreads two turns in a 22-working-day month to around days 6 and 17', () => {
    const everyone = ['U00ANA', 'U00BO', 'U00CY', 'U00DEE', 'U00ED'].map((id) => candidate(id, december));
    const { assignments, passedOver } = planRotation(plan({ candidates: everyone, count: 2 }));
    expect(assignments.map((a) => a.date)).toEqual([december[5], december[16]]);
    expect(daysApart(assignments[0]!.date, assignments[1]!.date)).toBeGreaterThanOrEqual(7);
    expect(passedOver).toEqual([]);
  });

  it('gives turns in fair order and takes the nearest free day, the earlier on a tie', () => {
    const people = [candidate('U00LATER', december, 1, '2026-06-02'), candidate('U00FIRST', december)];
    const { assignments } = planRotation(plan({ candidates: people, count: 2, taken: { [december[5]!]: 1 } }));
    expect(assignments).toEqual([
      { id: 'U00FIRST', date: december[4] },
      { id: 'U00LATER', date: december[16] },
    ]);
  });

  it('passes over someone with no free day, gives the turn to the next, and leaves later people alone', () => {
    const people = [candidate('U00BLOCKED', ['2026-12-08'], 0), candidate('U00NEXT', december, 1, '2026-01-05'), candidate('U00AFTER', december, 2, '2026-02-05')];
    const { assignments, passedOver } = planRotation(plan({ candidates: people, count: 1, taken: { '2026-12-08': 1 } }));
    expect(passedOver).toEqual([{ id: 'U00BLOCKED', reason: 'no_available_day' }]);
    expect(assignments.map((a) => a.id)).toEqual(['U00NEXT']);
  });

  it('counts its own assignments against coverage, and plans nobody twice', () => {
    const people = [candidate('U00ONE', ['2026-12-08']), candidate('U00TWO', ['2026-12-08'])];
    const result = planRotation(plan({ candidates: [...people, ...people], count: 4, seed: 'x' }));
    expect(result.assignments).toHaveLength(1);
    expect(result.passedOver).toHaveLength(1);
    expect(planRotation(plan({ candidates: people, count: 4, maxAwayPerDay: 2 })).assignments).toHaveLength(2);
  });

  it('plans nothing for a count of zero', () => {
    expect(planRotation(plan({ candidates: [candidate('U00ANA', december)], count: 0 }))).toEqual({ assignments: [], passedOver: [] });
  });

  const input = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 12 })
    .chain((ids) =>
      fc.record({
        candidates: fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), turns: fc.integer({ min: 0, max: 3 }), lastTurn: fc.option(fc.constantFrom(...december)), available: fc.subarray(december) }))),
        count: fc.integer({ min: 0, max: 14 }),
        monthDays: fc.constant(december),
        taken: fc.dictionary(fc.constantFrom(...december), fc.integer({ min: 0, max: 3 })),
        maxAwayPerDay: fc.integer({ min: 1, max: 3 }),
        seed: fc.string(),
      }),
    );

  it('keeps within coverage and availability, plans nobody twice, and passes over only those with no free day', () => {
    fc.assert(
      fc.property(input, (plan) => {
        const { assignments, passedOver } = planRotation(plan);
        const away = new Map(Object.entries(plan.taken));
        for (const { date } of assignments) away.set(date, (away.get(date) ?? 0) + 1);
        const byId = new Map(plan.candidates.map((c) => [c.id, c]));
        for (const { id, date } of assignments) {
          expect(byId.get(id)!.available).toContain(date);
          expect(away.get(date)).toBeLessThanOrEqual(plan.maxAwayPerDay);
        }
        for (const { id } of passedOver) expect(byId.get(id)!.available.every((d) => (away.get(d) ?? 0) >= plan.maxAwayPerDay)).toBe(true);
        const seen = [...assignments.map((a) => a.id), ...passedOver.map((p) => p.id)];
        expect(new Set(seen).size).toBe(seen.length);
        expect(assignments.length).toBeLessThanOrEqual(plan.count);
        if (assignments.length < plan.count) expect(seen).toHaveLength(plan.candidates.length);
        expect(fairOrder(plan.candidates, plan.seed).slice(0, seen.length).sort()).toEqual(seen.sort());
        expect(planRotation({ ...plan, candidates: [...plan.candidates].reverse() })).toEqual({ assignments, passedOver });
      }),
    );
  });
});

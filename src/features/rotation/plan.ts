/**
 * Role-swap rotations ("manager for a day" for agents, "agent for a day" for managers): who goes
 * next, and on which day of the month. Everything here is pure and seeded, so a supervisor who
 * re-runs `/rotation schedule` with the same inputs gets the same plan, and a test can replay
 * years of months in a loop.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ShiftPattern } from '../../core/domain.ts';

/** Monday to Friday as a `ShiftPattern.days` mask: the week of someone with no shifts on file. */
const weekdaysMask = 0b0011111;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * The local dates (YYYY-MM-DD) of `month` (YYYY-MM) on which a person works: a weekday on which
 * one of their shifts starts, so a Mon-Thu 22:00-06:00 night shift counts Mon-Thu and not the
 * Friday morning it ends on (the day away replaces the shift they would have started). With no
 * shifts at all, Monday to Friday, so people missing from the roster file can still take a turn.
 * Holidays (a Set of YYYY-MM-DD) are left out.
 */
export function workingDates(shifts: ShiftPattern[], month: string, holidays: ReadonlySet<string>): string[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`Not a month like 2026-12: ${month}`);
  const mask = shifts.length === 0 ? weekdaysMask : shifts.reduce((all, shift) => all | shift.days, 0);
  const first = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
  const out: string[] = [];
  for (let day = first; day.month === first.month; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (mask & (1 << (day.weekday - 1)) && !holidays.has(date)) out.push(date);
  }
  return out;
}

export interface TurnHistory {
  id: string;
  /** how many turns of this kind they have had */
  turns: number;
  /** local date of their last turn, or null if never */
  lastTurn: string | null;
}

/** A stable pseudo-random rank, so ties are not always won by the same name or the oldest account. */
function tieBreak(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/**
 * Fair order: fewer turns first (everyone gets a turn before anyone gets a second), then longest
 * since last turn (never = first), then a tie-break from a hash of `seed` and id (never
 * Math.random), so the order is reproducible but does not favour anyone alphabetically. The
 * input order of `people` does not matter.
 */
export function fairOrder(people: TurnHistory[], seed: string): string[] {
  const keyed = people.map((person) => ({ person, rank: tieBreak(seed, person.id) }));
  keyed.sort((a, b) => {
    if (a.person.turns !== b.person.turns) return a.person.turns - b.person.turns;
    const lastA = a.person.lastTurn ?? '';
    const lastB = b.person.lastTurn ?? '';
    if (lastA !== lastB) return lastA < lastB ? -1 : 1;
    if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
    return a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0;
  });
  return keyed.map((k) => k.person.id);
}

export interface RotationCandidate extends TurnHistory {
  /** dates they could be away (from workingDates, minus days already assigned to them) */
  available: string[];
}

export interface PlanInput {
  candidates: RotationCandidate[];
  count: number;
  /** All working days of the month for the team, in order (used to spread the dates over the month). */
  monthDays: string[];
  /** Dates already taken by others of the same team this month (any rotation kind): date -> how many are away. */
  taken: Record<string, number>;
  /** Coverage: at most this many of the team away on one day (a small team: 1). */
  maxAwayPerDay: number;
  seed: string;
}

export interface PlanResult {
  assignments: Array<{ id: string; date: string }>;
  /** People whose turn came but who had no possible day; they keep their place in the fair order. */
  passedOver: Array<{ id: string; reason: 'no_available_day' }>;
}

/**
 * The dates to aim at: the middle of `count` equal stretches of the working days, so two turns
 * in a 22-day month land near days 6 and 17 rather than bunching at the start.
 */
function targets(monthDays: string[], count: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(monthDays[Math.floor(((k + 0.5) * monthDays.length) / count)]!);
  return out;
}

/** Calendar days between two local dates; calendar rather than working days so a weekend gap counts. */
function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / dayMs;
}

/** The free date nearest the target, the earlier one on a tie; undefined when every date is full. */
function nearestFree(available: string[], target: string, isFree: (date: string) => boolean): string | undefined {
  let best: string | undefined;
  let bestGap = Infinity;
  for (const date of available) {
    if (!isFree(date)) continue;
    const gap = daysApart(date, target);
    if (gap < bestGap || (gap === bestGap && best !== undefined && date < best)) [best, bestGap] = [date, gap];
  }
  return best;
}

/**
 * Picks up to `count` people in fair order and a day for each. The k-th turn aims at the k-th
 * evenly spaced working day and takes the nearest of that person's available dates on which
 * fewer than `maxAwayPerDay` of the team are away (counting `taken` and this plan), so the floor
 * stays covered. Someone with no such date is passed over and the next person takes the turn;
 * the caller records no turn for them, so they stay at the front next month. A candidate listed
 * twice is planned once. When `monthDays` is empty, the candidates' own dates are spread over
 * instead.
 */
export function planRotation(input: PlanInput): PlanResult {
  const byId = new Map<string, RotationCandidate>();
  for (const candidate of input.candidates) if (!byId.has(candidate.id)) byId.set(candidate.id, candidate);
  const axis = input.monthDays.length > 0 ? input.monthDays : [...new Set([...byId.values()].flatMap((c) => c.available))].sort();
  const count = Math.max(0, Math.floor(input.count));
  const aims = axis.length > 0 ? targets(axis, count) : [];
  const away = new Map(Object.entries(input.taken));
  const isFree = (date: string) => (away.get(date) ?? 0) < input.maxAwayPerDay;

  const result: PlanResult = { assignments: [], passedOver: [] };
  for (const id of fairOrder([...byId.values()], input.seed)) {
    if (result.assignments.length >= count) break;
    // No aim only when there is no date anywhere, so nobody could have one.
    const aim = aims[result.assignments.length];
    const date = aim === undefined ? undefined : nearestFree(byId.get(id)!.available, aim, isFree);
    if (date === undefined) {
      result.passedOver.push({ id, reason: 'no_available_day' });
      continue;
    }
    result.assignments.push({ id, date });
    away.set(date, (away.get(date) ?? 0) + 1);
  }
  return result;
}

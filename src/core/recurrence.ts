/**
 * When a schedule's occurrences fall, in its own time zone. Local wall-clock times stay put
 * across daylight-saving changes (a 12:00 lunch is at 12:00 in summer and in winter); a time that
 * does not exist on the day clocks go forward moves forward by the gap; a time that happens twice
 * when they go back takes the first. A monthly day past the month's end (the 31st, 29 February)
 * falls on the month's last day, so no month is skipped.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 12:00');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-25');

export const ruleSchema = z.discriminatedUnion('freq', [
  z.object({ freq: z.literal('once'), date, time }),
  z.object({ freq: z.literal('daily'), time }),
  /** `days`: 1 = Monday … 7 = Sunday; every `interval` weeks counted from the week of `anchor`. */
  z.object({ freq: z.literal('weekly'), time, days: z.array(z.number().int().min(1).max(7)).min(1), interval: z.number().int().min(1).max(52).default(1), anchor: date }),
  /** `day` 1–31, clamped to the month's last day. */
  z.object({ freq: z.literal('monthly'), time, day: z.number().int().min(1).max(31) }),
  /** The `nth` (1–5, or -1 for last) `weekday` of each month, e.g. the last Friday. */
  z.object({ freq: z.literal('monthly-weekday'), time, weekday: z.number().int().min(1).max(7), nth: z.union([z.number().int().min(1).max(5), z.literal(-1)]) }),
]);

export type Rule = z.infer<typeof ruleSchema>;

export interface Occurrence {
  /** The instant it is due. */
  at: Date;
  /** Its local calendar date in the schedule's zone, YYYY-MM-DD (for keys and holidays). */
  localDate: string;
}

function matches(rule: Rule, day: DateTime): boolean {
  switch (rule.freq) {
    case 'once':
      return day.toISODate() === rule.date;
    case 'daily':
      return true;
    case 'weekly': {
      if (!rule.days.includes(day.weekday)) return false;
      const anchor = DateTime.fromISO(rule.anchor, { zone: day.zone }).startOf('week');
      const weeks = Math.round(day.startOf('week').diff(anchor, 'weeks').weeks);
      return weeks >= 0 && weeks % rule.interval === 0;
    }
    case 'monthly':
      return day.day === Math.min(rule.day, day.daysInMonth!);
    case 'monthly-weekday': {
      if (day.weekday !== rule.weekday) return false;
      if (rule.nth === -1) return day.plus({ weeks: 1 }).month !== day.month;
      return Math.ceil(day.day / 7) === rule.nth;
    }
  }
}

/** The instant of a local date and time in `zone` (DST gaps move forward, overlaps take the first). */
export function localToInstant(localDate: string, hhmm: string, zone: string): Date {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const candidate = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  // When clocks go back, the same wall time happens twice; Luxon picks the later, we want the first.
  const wall = candidate.toFormat('yyyy-MM-dd HH:mm');
  for (const minutes of [60, 30]) {
    const earlier = candidate.minus({ minutes });
    if (earlier.toFormat('yyyy-MM-dd HH:mm') === wall) return earlier.toJSDate();
  }
  return candidate.toJSDate();
}

/**
 * Occurrences strictly after `from` and at or before `to`. `skip` leaves out local dates (holidays).
 * The range is walked day by day, so callers keep it to a horizon (days to months).
 */
export function occurrencesBetween(rule: Rule, zone: string, from: Date, to: Date, skip: (localDate: string) => boolean = () => false): Occurrence[] {
  const out: Occurrence[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone }).startOf('day');
  while (day <= last) {
    const localDate = day.toISODate()!;
    if (matches(rule, day) && !skip(localDate)) {
      const at = localToInstant(localDate, rule.time, zone);
      if (at > from && at <= to) out.push({ at, localDate });
    }
    day = day.plus({ days: 1 });
  }
  return out;
}

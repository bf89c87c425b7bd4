/**
 * Shift patterns as rosters write them: `Mon-Fri 08:00-16:30`, `Sat,Sun 10:00-18:00`,
 * `Mon-Thu 22:00-06:00` (overnight), several separated by `;` or `|`. Chinese weekday names
 * (周一…周日) are accepted too.
 */
import type { ShiftPattern } from '../../core/domain.ts';
import type { MessageKey } from '../../core/i18n/index.ts';
import { formatClock, parseClock } from '../../core/time.ts';

const dayNames: Record<string, number> = {
  mon: 0, monday: 0, tue: 1, tues: 1, tuesday: 1, wed: 2, wednesday: 2, thu: 3, thur: 3, thurs: 3,
  thursday: 3, fri: 4, friday: 4, sat: 5, saturday: 5, sun: 6, sunday: 6,
  周一: 0, 周二: 1, 周三: 2, 周四: 3, 周五: 4, 周六: 5, 周日: 6, 周天: 6,
};
const shortNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export type ShiftParse = { ok: true; shifts: ShiftPattern[] } | { ok: false; value: string; reason: MessageKey };

function parseDays(spec: string): number | null {
  let mask = 0;
  for (const part of spec.split(',')) {
    const range = part.split(/[-–~～至]/);
    const from = dayNames[range[0]!.trim().toLowerCase()];
    const to = range.length === 2 ? dayNames[range[1]!.trim().toLowerCase()] : from;
    if (from === undefined || to === undefined || range.length > 2) return null;
    // Ranges wrap around the week: Sat-Mon is Sat, Sun, Mon.
    for (let d = from; ; d = (d + 1) % 7) {
      mask |= 1 << d;
      if (d === to) break;
    }
  }
  return mask;
}

export function parseShifts(cell: string): ShiftParse {
  const shifts: ShiftPattern[] = [];
  for (const raw of cell.split(/[;|；]/)) {
    const value = raw.trim();
    if (value === '') continue;
    const match = /^(.+?)\s+(\S+)\s*[-–~～]\s*(\S+)$/.exec(value);
    if (!match) return { ok: false, value, reason: 'shift.bad_time' };
    const days = parseDays(match[1]!.replace(/\s+/g, ''));
    if (days === null) return { ok: false, value, reason: 'shift.bad_days' };
    const startMinute = parseClock(match[2]!.trim());
    const endMinute = parseClock(match[3]!.trim());
    if (startMinute === null || endMinute === null) return { ok: false, value, reason: 'shift.bad_time' };
    if (startMinute === endMinute) return { ok: false, value, reason: 'shift.zero_length' };
    shifts.push({ days, startMinute, endMinute });
  }
  return { ok: true, shifts };
}

/** `Mon-Fri 08:00-16:30`: the canonical text of a pattern. */
export function formatShift(shift: ShiftPattern): string {
  const days: number[] = [];
  for (let d = 0; d < 7; d++) if (shift.days & (1 << d)) days.push(d);
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${shortNames[days[i]!]}-${shortNames[days[j]!]}` : days.slice(i, j + 1).map((d) => shortNames[d]).join(','));
    i = j + 1;
  }
  return `${runs.join(',')} ${formatClock(shift.startMinute)}-${formatClock(shift.endMinute)}`;
}

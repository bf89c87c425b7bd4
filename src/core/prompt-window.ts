/**
 * When a prompt may reach someone who works shifts. Agents on a phone queue cannot answer a bot
 * mid-call, so a prompt waits for the half hour before a shift starts, the hour after it ends, or
 * a break window the team has set inside the shift: never the middle of a shift, never a day
 * off, never the team's quiet hours. Someone without shifts can be prompted at any time outside
 * quiet hours.
 */
import { DateTime } from 'luxon';
import type { ShiftPattern } from './domain.ts';
import { formatClock, parseClock } from './time.ts';

/** Local minutes after midnight; an end before the start crosses midnight. */
export interface Window {
  start: number;
  end: number;
}

export interface PromptPolicy {
  shifts: ShiftPattern[];
  zone: string;
  quiet: Window | null;
  breaks: Window[];
}

const beforeShiftMinutes = 30;
const afterShiftMinutes = 60;
const horizonDays = 14;

/** `20:00-08:00` → minutes; null when it is not two HH:MM times. */
export function parseWindow(text: string): Window | null {
  const match = /^\s*(\S+?)\s*[-–~～]\s*(\S+?)\s*$/.exec(text);
  const start = match ? parseClock(match[1]!) : null;
  const end = match ? parseClock(match[2]!) : null;
  return start === null || end === null || start === end ? null : { start, end };
}

export function formatWindow(window: Window): string {
  return `${formatClock(window.start)}-${formatClock(window.end)}`;
}

type Interval = [number, number];

/** An interval of local minutes on `day`, as instants; crossing midnight runs into the next day. */
function interval(day: DateTime, start: number, end: number): Interval {
  const from = day.plus({ minutes: start });
  const to = day.plus({ minutes: end > start ? end : end + 1440 });
  return [from.toMillis(), to.toMillis()];
}

function subtract(intervals: Interval[], cut: Interval[]): Interval[] {
  let out = intervals;
  for (const [cs, ce] of cut) {
    out = out.flatMap(([s, e]): Interval[] => {
      if (ce <= s || cs >= e) return [[s, e]];
      const parts: Interval[] = [];
      if (cs > s) parts.push([s, cs]);
      if (ce < e) parts.push([ce, e]);
      return parts;
    });
  }
  return out;
}

function intersect(a: Interval, b: Interval): Interval | null {
  const s = Math.max(a[0], b[0]);
  const e = Math.min(a[1], b[1]);
  return s < e ? [s, e] : null;
}

/** The windows in which prompts may arrive, for shifts starting on `day` (local midnight). */
function windowsOn(policy: PromptPolicy, day: DateTime): { open: Interval[]; busy: Interval[] } {
  if (policy.shifts.length === 0) return { open: [interval(day, 0, 1440)], busy: [] };
  const bit = 1 << (day.weekday - 1);
  const open: Interval[] = [];
  const busy: Interval[] = [];
  for (const shift of policy.shifts) {
    if ((shift.days & bit) === 0) continue;
    const onQueue = interval(day, shift.startMinute, shift.endMinute);
    busy.push(onQueue);
    open.push([onQueue[0] - beforeShiftMinutes * 60_000, onQueue[0]], [onQueue[1], onQueue[1] + afterShiftMinutes * 60_000]);
    for (const b of policy.breaks) {
      // A break window can fall on the shift's first or (for overnight shifts) second day.
      for (const offset of [0, 1]) {
        const hit = intersect(onQueue, interval(day.plus({ days: offset }), b.start, b.end));
        if (hit) open.push(hit);
      }
    }
  }
  return { open, busy };
}

/**
 * The earliest instant at or after `now` when a prompt may reach this person. Falls back to `now`
 * when their pattern leaves no window in the next two weeks (a misconfigured roster should delay
 * nothing forever).
 */
export function nextPromptTime(policy: PromptPolicy, now: Date): Date {
  const start = DateTime.fromJSDate(now, { zone: policy.zone }).startOf('day');
  const t = now.getTime();
  let open: Interval[] = [];
  const busy: Interval[] = [];
  const quiet: Interval[] = [];
  // Yesterday's overnight shift can still be running, or just ending, this morning.
  // Shifts one day past the horizon are counted as busy too: an overnight shift starting then can
  // cover the horizon's last windows.
  for (let d = -1; d <= horizonDays + 1; d++) {
    const day = start.plus({ days: d });
    const w = windowsOn(policy, day);
    if (d <= horizonDays) open.push(...w.open);
    busy.push(...w.busy);
    if (policy.quiet) quiet.push(interval(day, policy.quiet.start, policy.quiet.end));
  }
  // Break windows are the exception to "never mid-shift"; before and after windows of one
  // shift must not fall inside another (back-to-back split shifts).
  const breaks = policy.breaks.length > 0 ? open.filter((o) => busy.some((b) => o[0] >= b[0] && o[1] <= b[1])) : [];
  open = [...subtract(open.filter((o) => !breaks.includes(o)), busy), ...breaks];
  open = subtract(open, quiet).filter(([, e]) => e >= t).sort((a, b) => a[0] - b[0]);
  const first = open[0];
  if (!first) return now;
  return new Date(Math.max(first[0], t));
}

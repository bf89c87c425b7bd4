/** Whether `zone` is an IANA time zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isTimeZone(zone: string): boolean {
  if (!zone || !zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `8:30`, `08:30` or `08：30` (a full-width colon, as Chinese keyboards type it) → minutes after midnight; null otherwise. */
export function parseClock(text: string): number | null {
  const match = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes after midnight → `08:30`. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

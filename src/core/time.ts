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

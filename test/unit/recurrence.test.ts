import { describe, expect, it } from 'vitest';
import { localToInstant, occurrencesBetween, ruleSchema } from '../../src/core/recurrence.ts';

const iso = (d: Date) => d.toISOString();

describe('recurrence', () => {
  it('keeps a 12:00 lunch at 12:00 local time across the spring and autumn clock changes', () => {
    const rule = ruleSchema.parse({ freq: 'weekly', time: '12:00', days: [7], anchor: '2026-03-01' });
    const got = occurrencesBetween(rule, 'Europe/London', new Date('2026-03-20T00:00:00Z'), new Date('2026-04-06T00:00:00Z'));
    // 22 March is GMT, 29 March (clocks go forward that morning) and 5 April are BST.
    expect(got.map((o) => [o.localDate, iso(o.at)])).toEqual([
      ['2026-03-22', '2026-03-22T12:00:00.000Z'],
      ['2026-03-29', '2026-03-29T11:00:00.000Z'],
      ['2026-04-05', '2026-04-05T11:00:00.000Z'],
    ]);
  });

  it('moves a time that does not exist forward, and takes the first of a time that happens twice', () => {
    expect(iso(localToInstant('2026-03-29', '01:30', 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z'); // 01:30 GMT does not exist: 02:30 BST
    expect(iso(localToInstant('2026-10-25', '01:30', 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z'); // first 01:30 is BST
    expect(iso(localToInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('runs a daily job exactly once per local day, even on the 23- and 25-hour days', () => {
    const rule = ruleSchema.parse({ freq: 'daily', time: '00:30' });
    const got = occurrencesBetween(rule, 'America/New_York', new Date('2026-03-07T00:00:00Z'), new Date('2026-03-10T12:00:00Z'));
    expect(got.map((o) => o.localDate)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    const fall = occurrencesBetween(rule, 'America/New_York', new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T12:00:00Z'));
    expect(fall.map((o) => o.localDate)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('puts the 31st on the last day of shorter months and 29 February on the 28th in common years', () => {
    const rule = ruleSchema.parse({ freq: 'monthly', time: '09:00', day: 31 });
    const got = occurrencesBetween(rule, 'Asia/Shanghai', new Date('2027-01-01T00:00:00Z'), new Date('2027-05-01T00:00:00Z'));
    expect(got.map((o) => o.localDate)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    const leap = occurrencesBetween(ruleSchema.parse({ freq: 'monthly', time: '09:00', day: 29 }), 'UTC', new Date('2028-01-31T00:00:00Z'), new Date('2028-03-31T00:00:00Z'));
    expect(leap.map((o) => o.localDate)).toEqual(['2028-02-29', '2028-03-29']);
  });

  it('finds every second Wednesday from an anchor week, and the last Friday of the month', () => {
    const fortnightly = ruleSchema.parse({ freq: 'weekly', time: '12:00', days: [3], interval: 2, anchor: '2026-12-02' });
    const got = occurrencesBetween(fortnightly, 'UTC', new Date('2026-12-01T00:00:00Z'), new Date('2027-01-15T00:00:00Z'));
    expect(got.map((o) => o.localDate)).toEqual(['2026-12-02', '2026-12-16', '2026-12-30', '2027-01-13']);
    const lastFriday = ruleSchema.parse({ freq: 'monthly-weekday', time: '18:00', weekday: 5, nth: -1 });
    expect(occurrencesBetween(lastFriday, 'UTC', new Date('2026-11-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z')).map((o) => o.localDate)).toEqual([
      '2026-11-27', '2026-12-25', '2027-01-29',
    ]);
  });

  it('skips holidays and keeps to the window', () => {
    const rule = ruleSchema.parse({ freq: 'daily', time: '09:00' });
    const got = occurrencesBetween(rule, 'UTC', new Date('2026-12-24T09:00:00Z'), new Date('2026-12-27T09:00:00Z'), (d) => d === '2026-12-25');
    expect(got.map((o) => o.localDate)).toEqual(['2026-12-26', '2026-12-27']);
  });

  it('rejects malformed rules with the reason', () => {
    expect(ruleSchema.safeParse({ freq: 'weekly', time: '25:00', days: [], anchor: 'x' }).success).toBe(false);
    expect(ruleSchema.safeParse({ freq: 'hourly', time: '12:00' }).success).toBe(false);
  });
});

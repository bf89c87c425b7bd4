import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/features/roster/csv.ts';
import { formatShift, parseShifts } from '../../src/features/roster/shifts.ts';
import { readRosterFile } from '../../src/features/roster/roster-file.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { describeImport } from '../../src/features/roster/import.ts';
import { translatorFor } from '../../src/core/i18n/index.ts';

const defaults = { timezone: 'Europe/London' };
const header = 'Name,Email,Role,Team,Time zone,Shift pattern\n';

describe('parseCsv', () => {
  it('handles a BOM, CRLF, quoted separators, doubled quotes and line breaks inside quotes', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('detects semicolon-separated exports and skips blank lines, keeping physical line numbers', () => {
    expect(parseCsv('a;b\n\n1;2\n')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 3, fields: ['1', '2'] }]);
  });
});

describe('parseShifts', () => {
  it('reads ranges, lists, overnight shifts and several patterns', () => {
    const result = parseShifts('Mon-Fri 08:00-16:30; Sat,Sun 22:00-06:00');
    expect(result).toEqual({
      ok: true,
      shifts: [
        { days: 0b0011111, startMinute: 480, endMinute: 990 },
        { days: 0b1100000, startMinute: 1320, endMinute: 360 },
      ],
    });
  });

  it('wraps day ranges across the weekend and reads Chinese weekday names', () => {
    expect(parseShifts('Sat-Mon 09:00-17:00')).toMatchObject({ ok: true, shifts: [{ days: 0b1100001 }] });
    expect(parseShifts('周一-周五 09:00-18:00')).toMatchObject({ ok: true, shifts: [{ days: 0b0011111 }] });
  });

  it('says what is wrong with a bad pattern', () => {
    expect(parseShifts('Funday 08:00-16:00')).toEqual({ ok: false, value: 'Funday 08:00-16:00', reason: 'shift.bad_days' });
    expect(parseShifts('Mon-Fri 8am-4pm')).toEqual({ ok: false, value: 'Mon-Fri 8am-4pm', reason: 'shift.bad_time' });
    expect(parseShifts('Mon 25:00-26:00')).toMatchObject({ ok: false, reason: 'shift.bad_time' });
    expect(parseShifts('Mon 09:00-09:00')).toMatchObject({ ok: false, reason: 'shift.zero_length' });
  });

  it('formats a pattern back to its canonical text', () => {
    const parsed = parseShifts('Mon-Fri 08:00-16:30;Mon,Wed 07:05-09:00');
    expect(parsed.ok && parsed.shifts.map(formatShift)).toEqual(['Mon-Fri 08:00-16:30', 'Mon,Wed 07:05-09:00']);
  });
});

describe('readRosterFile', () => {
  it('reads a WFM export with aliased headers into entries', () => {
    const file = readRosterFile(
      header + 'Ana Souza,Ana@Example.com,Agent,Support A,,Mon-Fri 08:00-16:30;Sat 10:00-14:00\n王芳,wang@example.com,主管,上海,Asia/Shanghai,周一-周五 09:00-18:00\n',
      defaults,
    );
    expect(file).toEqual({
      ok: true,
      entries: [
        { name: 'Ana Souza', email: 'ana@example.com', role: 'agent', team: 'Support A', timezone: 'Europe/London', locale: null,
          shifts: [{ days: 31, startMinute: 480, endMinute: 990 }, { days: 32, startMinute: 600, endMinute: 840 }] },
        { name: '王芳', email: 'wang@example.com', role: 'supervisor', team: '上海', timezone: 'Asia/Shanghai', locale: null,
          shifts: [{ days: 31, startMinute: 540, endMinute: 1080 }] },
      ],
    });
  });

  it('reports every bad row with its line number and reason, and yields no entries', () => {
    const file = readRosterFile(
      header +
        'Ana,ana@example.com,agent,Support A,,Mon-Fri 08:00-16:30\n' +
        'Ben,not-an-email,agent,Support A,,\n' +
        'Cy,cy@example.com,boss,Support A,,\n' +
        'Di,ana@example.com,agent,Support A,,\n' +
        'Ed,ed@example.com,agent,,Mars/Olympus,Mon-Fri 9-5\n' +
        'Fay,fay@example.com,agent\n',
      defaults,
    );
    expect(file.ok).toBe(false);
    const text = describeImport(translatorFor('en'), file.ok ? { ok: true, result: { created: 0, updated: 0, unchanged: 0, teamsCreated: 0 } } : file);
    expect(text.split('\n')).toEqual([
      'Nothing was imported: 7 rows have problems.',
      'line 3: email `not-an-email` is not an email address',
      'line 4: role `boss` is not one of agent, supervisor, leader, admin',
      'line 5: email ana@example.com is already on line 2',
      'line 6: every agent needs a team',
      'line 6: time zone `Mars/Olympus` is not an IANA zone such as Europe/London',
      'line 6: shift `Mon-Fri 9-5`: times must look like 08:00-16:30',
      'line 7: has 3 fields where the header has 6',
    ]);
  });

  it('names the missing columns, and refuses an empty file', () => {
    expect(readRosterFile('name,email\nA,a@example.com\n', defaults)).toEqual({
      ok: false, problems: [{ line: 1, key: 'csv.missing_columns', params: { columns: 'role, team, timezone, shifts' } }],
    });
    expect(readRosterFile(header, defaults)).toMatchObject({ ok: false, problems: [{ key: 'csv.empty' }] });
    expect(readRosterFile(header + '"Ana,ana@example.com', defaults)).toMatchObject({ ok: false, problems: [{ line: 2, key: 'csv.unclosed_quote' }] });
  });

  it('explains problems in Chinese for a Chinese admin', () => {
    const file = readRosterFile(header + 'Ed,ed@example.com,agent,,UTC,\n', defaults);
    expect(file.ok).toBe(false);
    if (!file.ok) expect(describeImport(translatorFor('zh-CN'), file)).toContain('第 2 行：坐席必须属于一个团队');
  });
});

describe('the demo roster', () => {
  it('is a valid roster of 3 teams, 30 agents, 3 supervisors, a leader and an admin, in English and Chinese', () => {
    const file = readRosterFile(demoRosterCsv(), defaults);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    const count = (role: string) => file.entries.filter((e) => e.role === role).length;
    expect([count('agent'), count('supervisor'), count('leader'), count('admin')]).toEqual([30, 3, 1, 1]);
    expect(new Set(file.entries.map((e) => e.team).filter(Boolean)).size).toBe(3);
    expect(file.entries.some((e) => /[\u4e00-\u9fff]/.test(e.name) && e.locale === 'zh-CN')).toBe(true);
    expect(file.entries.filter((e) => e.role === 'agent').every((e) => e.shifts.length > 0)).toBe(true);
  });
});

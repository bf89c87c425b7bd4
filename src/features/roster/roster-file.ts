/**
 * Reads a roster CSV exported by a workforce-management tool into validated entries. Every bad
 * row is reported with its line number and why; a file with any bad row yields no entries, so an
 * import writes all of it or nothing.
 */
import type { Role } from '../../core/domain.ts';
import { isLocale, type MessageKey, type MessageParams } from '../../core/i18n/index.ts';
import type { RosterEntry } from '../../core/ports.ts';
import { isTimeZone } from '../../core/time.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { parseShifts } from './shifts.ts';

export interface RowProblem {
  /** 0 for a problem with the file as a whole. */
  line: number;
  key: MessageKey;
  params: MessageParams;
}

export type RosterFile = { ok: true; entries: RosterEntry[] } | { ok: false; problems: RowProblem[] };

type Column = 'name' | 'email' | 'role' | 'team' | 'timezone' | 'shifts' | 'locale';

/** Header spellings seen in WFM exports, normalised (lower case, no spaces, dashes or underscores). */
const headerAliases: Record<string, Column> = {
  name: 'name', fullname: 'name', employeename: 'name', agentname: 'name', displayname: 'name', 姓名: 'name',
  email: 'email', emailaddress: 'email', workemail: 'email', mail: 'email', 邮箱: 'email',
  role: 'role', position: 'role', 角色: 'role',
  team: 'team', group: 'team', queue: 'team', department: 'team', 团队: 'team',
  timezone: 'timezone', tz: 'timezone', zone: 'timezone', 时区: 'timezone',
  shift: 'shifts', shifts: 'shifts', shiftpattern: 'shifts', schedule: 'shifts', 班次: 'shifts',
  locale: 'locale', language: 'locale', lang: 'locale', 语言: 'locale',
};
const required: Column[] = ['name', 'email', 'role', 'team', 'timezone', 'shifts'];

const roleAliases: Record<string, Role> = {
  agent: 'agent', 坐席: 'agent', 客服: 'agent',
  supervisor: 'supervisor', manager: 'supervisor', teamlead: 'supervisor', 主管: 'supervisor',
  leader: 'leader', director: 'leader', 负责人: 'leader', 领导: 'leader',
  admin: 'admin', administrator: 'admin', 管理员: 'admin',
};

/** A role as people write it (`Manager`, `team lead`, 主管), or null. */
export function roleFrom(text: string): Role | null {
  return roleAliases[text.toLowerCase().replace(/[\s_-]+/g, '')] ?? null;
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export interface RosterDefaults {
  timezone: string;
}

export function readRosterFile(text: string, defaults: RosterDefaults): RosterFile {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return { ok: false, problems: [{ line: error.line, key: 'csv.unclosed_quote', params: {} }] };
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { ok: false, problems: [{ line: 0, key: 'csv.empty', params: {} }] };

  const index = new Map<Column, number>();
  header.fields.forEach((title, i) => {
    const column = headerAliases[title.trim().toLowerCase().replace(/[\s_-]+/g, '')];
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { ok: false, problems: [{ line: header.line, key: 'csv.missing_columns', params: { columns: missing.join(', ') } }] };
  }

  const problems: RowProblem[] = [];
  const entries: RosterEntry[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const problem = (key: MessageKey, params: MessageParams = {}) => problems.push({ line, key, params });
    if (fields.length !== header.fields.length) {
      problem('csv.column_count', { actual: fields.length, expected: header.fields.length });
      continue;
    }
    const cell = (c: Column) => (index.has(c) ? fields[index.get(c)!]!.trim() : '');
    const before = problems.length;

    const name = cell('name').replace(/\s+/g, ' ');
    if (!name) problem('csv.bad_name');
    const email = cell('email').toLowerCase();
    if (!emailPattern.test(email)) problem('csv.bad_email', { value: cell('email') });
    else if (seen.has(email)) problem('csv.duplicate_email', { value: email, line: seen.get(email)! });
    else seen.set(email, line);
    const role = roleFrom(cell('role'));
    if (!role) problem('csv.bad_role', { value: cell('role') });
    const team = cell('team') || null;
    if ((role === 'agent' || role === 'supervisor') && !team) problem('csv.bad_team', { role });
    const timezone = cell('timezone') || defaults.timezone;
    if (!isTimeZone(timezone)) problem('csv.bad_timezone', { value: timezone });
    const locale = cell('locale') || null;
    if (locale !== null && !isLocale(locale)) problem('csv.bad_locale', { value: locale });
    const shifts = parseShifts(cell('shifts'));
    if (!shifts.ok) problem('csv.bad_shift', { value: shifts.value, reason: shifts.reason });

    if (problems.length === before && role && shifts.ok && (locale === null || isLocale(locale))) {
      entries.push({ name, email, role, team, timezone, locale, shifts: shifts.shifts });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

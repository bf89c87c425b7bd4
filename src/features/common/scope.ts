/**
 * Which team a command is about, and whether the person may act on it: supervisors act on their
 * own team, leaders and admins on any; agents are told who can.
 */
import type { CommandContext } from '../../core/command.ts';
import { hasRole, type Team } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { formatClock, parseClock } from '../../core/time.ts';

/** The team named by `team:"…"` (or `name`), else the actor's own; throws a specific error otherwise. */
export async function teamFor(ctx: Pick<CommandContext, 'store' | 'org' | 'actor'>, name: string | undefined): Promise<Team> {
  const teams = await ctx.store.listTeams(ctx.org.id);
  if (name) {
    const wanted = name.normalize('NFKC').toLowerCase();
    const team = teams.find((t) => t.name.normalize('NFKC').toLowerCase() === wanted);
    if (!team) throw new HearthError('not_found', 'error.unknown_team', { team: name, teams: teams.map((t) => t.name).join(', ') });
    return team;
  }
  const own = teams.find((t) => t.id === ctx.actor.teamId);
  if (!own) throw new HearthError('usage', 'error.missing_team', { teams: teams.map((t) => t.name).join(', ') });
  return own;
}

/** Throws unless the actor may manage `team`: its supervisors, leaders and admins. */
export function ensureManages(ctx: Pick<CommandContext, 'actor' | 't'>, team: Team, command: string): void {
  if (hasRole(ctx.actor.role, 'leader')) return;
  if (ctx.actor.role === 'supervisor' && ctx.actor.teamId === team.id) return;
  if (ctx.actor.role === 'supervisor') throw new HearthError('forbidden', 'error.forbidden_team', { team: ctx.actor.teamName ?? '-' });
  throw new HearthError('forbidden', 'error.forbidden_manage', { command, team: team.name });
}

/**
 * `2026-12-25` → the same string when it is a real calendar date, else a specific error. There is
 * no year 0 (the calendar goes from 1 BC to AD 1, and PostgreSQL refuses one).
 */
export function calendarDate(text: string | undefined, what: string): string {
  if (!text) throw new HearthError('usage', 'error.missing_argument', { what });
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match && match[1] !== '0000' ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) throw new HearthError('invalid_argument', 'error.bad_date', { value: text.slice(0, 40) });
  return text;
}

/** `2026-12` → the same string when it is a real month (not in year 0, as for dates). */
export function calendarMonth(text: string | undefined): string {
  if (!text) throw new HearthError('usage', 'error.missing_argument', { what: 'month:YYYY-MM' });
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text) || text.startsWith('0000')) throw new HearthError('invalid_argument', 'error.bad_month', { value: text.slice(0, 40) });
  return text;
}

/** `19:00` → the same string when it is a real time of day. */
export function timeOfDay(text: string | undefined, what: string): string {
  if (!text) throw new HearthError('usage', 'error.missing_argument', { what });
  const minutes = parseClock(text);
  if (minutes === null) throw new HearthError('invalid_argument', 'error.bad_time', { value: text.slice(0, 40) });
  return formatClock(minutes);
}

/** "I can't find …" for a person someone typed; a platform mention is shown as `@name`, not its markup. */
export function unknownMember(token: string): HearthError {
  const mention = /^<@([^|>]+)(?:\|([^>]*))?>$/.exec(token.trim());
  const who = mention ? `@${mention[2] || mention[1]}` : token;
  return new HearthError('not_found', 'error.unknown_member', { who: who.slice(0, 60) });
}

const weekdays: Record<string, number> = {
  mon: 1, monday: 1, 周一: 1, tue: 2, tuesday: 2, 周二: 2, wed: 3, wednesday: 3, 周三: 3, thu: 4, thursday: 4, 周四: 4,
  fri: 5, friday: 5, 周五: 5, sat: 6, saturday: 6, 周六: 6, sun: 7, sunday: 7, 周日: 7,
};

/** `wed`, `Wednesday` or `周三` → 3 (Monday is 1, as in recurrence rules); undefined otherwise. */
export function weekdayNumber(word: string): number | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(weekdays, key) ? weekdays[key] : undefined;
}

/**
 * `/hearth holiday …` and `/hearth hours …`: the days nothing is scheduled on, and when a team's
 * prompts may arrive. Supervisors set their own team's; leaders and admins any team's and the
 * organisation's.
 */
import type { CommandContext } from '../../core/command.ts';
import { hasRole } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { type Message, textMessage } from '../../core/message.ts';
import { formatWindow, parseWindow, type Window } from '../../core/prompt-window.ts';
import { calendarDate, ensureManages, teamFor } from '../common/scope.ts';

/** The team a holiday is for: `team:"…"`; none means the organisation (leaders and admins) or a supervisor's own team. */
async function holidayTeam(ctx: CommandContext): Promise<{ id: string; name: string } | null> {
  const named = ctx.args.options.team;
  if (!named && hasRole(ctx.actor.role, 'leader')) return null;
  const team = await teamFor(ctx, named);
  ensureManages(ctx, team, 'hearth holiday');
  return team;
}

export async function holiday(ctx: CommandContext): Promise<Message> {
  const { t, args, calendar, org, actor } = ctx;
  const [verb = 'list', ...rest] = args.positional;
  switch (verb.toLowerCase()) {
    case 'list': {
      const team = args.options.team ? await teamFor(ctx, args.options.team) : null;
      const teamNames = new Map((await ctx.store.listTeams(org.id)).map((x) => [x.id, x.name]));
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const days = (await calendar.holidays(org.id, team ? team.id : 'all')).filter((h) => h.date >= today);
      if (days.length === 0) return textMessage(t('holiday.none'));
      const lines = days.map((h) => t('holiday.line', { date: h.date, name: h.name, scope: h.teamId ? (teamNames.get(h.teamId) ?? '?') : t('holiday.everyone') }));
      return { text: [t('holiday.title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('holiday.title') }, { type: 'text', text: lines.join('\n') }] };
    }
    case 'add': {
      if (actor.role === 'agent') throw new HearthError('forbidden', 'error.forbidden', { command: 'hearth holiday add', role: t('role.supervisor'), actual: t('role.agent') });
      const date = calendarDate(rest[0], 'a date (YYYY-MM-DD)');
      const name = rest.slice(1).join(' ').trim();
      if (!name) throw new HearthError('usage', 'error.missing_argument', { what: t('holiday.what_name') });
      if (name.length > 100) throw new HearthError('invalid_argument', 'error.too_long', { length: name.length, max: 100 });
      const team = await holidayTeam(ctx);
      const added = await calendar.addHoliday(org.id, { date, name, teamId: team?.id ?? null }, actor.id);
      const scope = team?.name ?? t('holiday.everyone');
      return textMessage(added ? t('holiday.added', { date, name, scope }) : t('holiday.exists', { date, scope }));
    }
    case 'remove': {
      if (actor.role === 'agent') throw new HearthError('forbidden', 'error.forbidden', { command: 'hearth holiday remove', role: t('role.supervisor'), actual: t('role.agent') });
      const date = calendarDate(rest[0], 'a date (YYYY-MM-DD)');
      const team = await holidayTeam(ctx);
      const removed = await calendar.removeHoliday(org.id, date, team?.id ?? null, actor.id);
      if (!removed) throw new HearthError('not_found', 'holiday.not_found', { date, scope: team?.name ?? t('holiday.everyone') });
      return textMessage(t('holiday.removed', { date, scope: team?.name ?? t('holiday.everyone') }));
    }
    default:
      throw new HearthError('usage', 'error.unknown_subcommand', { command: 'hearth holiday', sub: verb.slice(0, 40) });
  }
}

function windows(text: string, what: string): Window[] {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  return parts.map((part) => {
    const window = parseWindow(part);
    if (!window) throw new HearthError('invalid_argument', 'error.bad_window', { what, value: part.slice(0, 40) });
    return window;
  });
}

export async function hours(ctx: CommandContext): Promise<Message> {
  const { t, args, calendar, org, actor } = ctx;
  const team = await teamFor(ctx, args.options.team);
  const { quiet, breaks } = args.options;
  if (quiet !== undefined || breaks !== undefined) {
    ensureManages(ctx, team, 'hearth hours');
    const current = await calendar.teamHours(team.id);
    const clear = (v: string) => ['none', 'off', '无'].includes(v.toLowerCase());
    const quietHours = quiet === undefined ? current.quietHours : clear(quiet) ? null : windows(quiet, 'quiet').map(formatWindow).slice(0, 1).join('');
    if (quiet !== undefined && !clear(quiet) && quiet.split(/[,;]/).length > 1) throw new HearthError('invalid_argument', 'error.bad_window', { what: 'quiet', value: quiet.slice(0, 40) });
    const breakWindows = breaks === undefined ? current.breakWindows : clear(breaks) ? null : windows(breaks, 'breaks').map(formatWindow).join(';');
    await calendar.setTeamHours(org.id, team.id, { quietHours, breakWindows }, actor.id);
  }
  const now = await calendar.teamHours(team.id);
  return textMessage(
    t('hours.show', {
      team: team.name,
      quiet: now.quietHours ?? t('hours.none'),
      breaks: now.breakWindows?.replace(/;/g, ', ') ?? t('hours.none'),
    }),
  );
}

/** `/hearth`: who am I, the teams, the roster and roles, settings, holidays and a team's prompt hours. */
import type { ActionSpec, CommandContext, CommandSpec } from '../../core/command.ts';
import type { Feature } from '../../core/feature.ts';
import type { Member } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import type { MemberWithShifts } from '../../core/ports.ts';
import { formatShift } from '../roster/shifts.ts';
import { holiday, hours } from './calendar.ts';
import { settingsForm, settingsFormSpec } from './settings.ts';
import { listRoles, rosterImport, setRole } from './admin.ts';

/** "You are Ana (ana@…), agent in Support A. …", in the reader's language. */
export function profileText(t: Translate, actor: Member): string {
  return t('whoami.text', {
    name: actor.name,
    email: actor.email,
    role: t(`role.${actor.role}`),
    team: actor.teamName ? t('whoami.team', { team: actor.teamName }) : '',
    timezone: actor.timezone,
    locale: actor.locale,
  });
}

async function whoami(ctx: CommandContext): Promise<Message> {
  return textMessage(profileText(ctx.t, ctx.actor));
}

async function teams(ctx: CommandContext): Promise<Message> {
  const { t, store, org } = ctx;
  const [allTeams, members] = await Promise.all([store.listTeams(org.id), store.listMembers(org.id, { activeOnly: true })]);
  if (allTeams.length === 0) return textMessage(t('teams.none'));
  const lines = allTeams.map((team) => {
    const ofTeam = members.filter((m) => m.teamId === team.id);
    const supervisors = ofTeam.filter((m) => m.role === 'supervisor').map((m) => m.name);
    return t('teams.line', {
      team: team.name,
      members: ofTeam.length,
      supervisors: supervisors.length > 0 ? supervisors.join(', ') : t('teams.nobody'),
    });
  });
  return { text: [t('teams.title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('teams.title') }, { type: 'text', text: lines.join('\n') }] };
}

async function roster(ctx: CommandContext): Promise<Message> {
  const { t, store, org, actor, args } = ctx;
  const wanted = args.options.team ?? args.positional.join(' ');
  const allTeams = await store.listTeams(org.id);
  let team = undefined;
  if (wanted) {
    team = allTeams.find((x) => x.name.toLowerCase() === wanted.toLowerCase());
    if (!team) {
      throw new HearthError('not_found', 'error.unknown_team', { team: wanted, teams: allTeams.map((x) => x.name).join(', ') });
    }
  } else if (actor.role === 'supervisor') {
    team = allTeams.find((x) => x.id === actor.teamId);
  }
  // Supervisors see their own team; leaders and admins see everyone.
  if (actor.role === 'supervisor' && team?.id !== actor.teamId) {
    throw new HearthError('forbidden', 'error.forbidden_team', { team: actor.teamName ?? '-' });
  }
  const members = await store.listMembers(org.id, team ? { teamId: team.id, activeOnly: true } : { activeOnly: true });
  const line = (m: MemberWithShifts) =>
    `${t('roster.line', { name: m.name, role: t(`role.${m.role}`), email: m.email })} · ${
      m.shifts.length > 0 ? t('roster.shifts', { shifts: m.shifts.map(formatShift).join('; ') }) : t('roster.no_shifts')
    }`;
  const title = team ? t('roster.title', { team: team.name }) : t('roster.title_all', { count: members.length });
  const lines = members.map(line);
  return { text: [title, ...lines].join('\n'), blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }] };
}

export const hearthCommand: CommandSpec = {
  name: 'hearth',
  summary: 'hearth.summary',
  usage: 'hearth.usage',
  subcommands: {
    whoami: { run: whoami },
    teams: { run: teams },
    roster: { minRole: 'supervisor', run: roster, subcommands: { import: { minRole: 'admin', run: rosterImport } } },
    roles: { run: listRoles, subcommands: { set: { minRole: 'admin', run: setRole } } },
    settings: { run: settingsForm },
    holiday: { run: holiday },
    holidays: { run: holiday },
    hours: { run: hours },
  },
};

/** Buttons on the welcome card. */
const hearthActions: ActionSpec[] = [{ id: 'hearth.whoami', run: (ctx) => whoami(ctx) }];

export const hearthFeature: Feature = { commands: [hearthCommand], actions: hearthActions, forms: [settingsFormSpec] };

/**
 * Roster administration from chat, with the command line's validation and replies: an admin
 * imports a roster file by sending it to Hearth (`hearth roster import` with the CSV attached),
 * and sets who holds which role. A later file import sets roles from the file again, as the
 * workforce-management tool is the usual source of truth; the replies say so.
 */
import type { CommandContext } from '../../core/command.ts';
import type { Member, Role } from '../../core/domain.ts';
import { FileReadError, HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import { describeImport, importRoster } from '../roster/import.ts';
import { roleFrom } from '../roster/roster-file.ts';

/** Larger than any centre's roster (10,000 people is about 1 MB), small enough to hold in memory. */
export const maxRosterBytes = 2_000_000;

export async function rosterImport(ctx: CommandContext): Promise<Message> {
  const { t, files, store, org, actor } = ctx;
  if (files.length === 0) throw new HearthError('usage', 'roster_import.how');
  if (files.length > 1) throw new HearthError('invalid_argument', 'roster_import.one_file', { count: files.length });
  const file = files[0]!;
  if (!/\.(csv|txt)$/i.test(file.name)) throw new HearthError('invalid_argument', 'roster_import.not_csv', { name: file.name });
  let bytes: Buffer;
  try {
    bytes = await file.read(maxRosterBytes);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    ctx.logger.warn({ reason: error.message }, 'roster file could not be read');
    throw new HearthError('invalid_argument', error.reason === 'too_large' ? 'roster_import.too_large' : 'roster_import.unreadable', { name: file.name, max: '2 MB' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HearthError('invalid_argument', 'roster_import.not_utf8', { name: file.name });
  }
  const outcome = await importRoster(store, org, text, actor.id);
  return textMessage(describeImport(t, outcome));
}

/** `/hearth roles`: who the admins, leaders and supervisors are. */
export async function listRoles(ctx: CommandContext): Promise<Message> {
  const { t, store, org } = ctx;
  const [members, teams] = await Promise.all([store.listMembers(org.id, { activeOnly: true }), store.listTeams(org.id)]);
  const names = (role: Role, teamId?: string) =>
    members.filter((m) => m.role === role && (teamId === undefined || m.teamId === teamId)).map((m) => m.name).sort((a, b) => a.localeCompare(b));
  const list = (people: string[]) => (people.length > 0 ? people.join(', ') : t('teams.nobody'));
  const lines = [
    t('roles.line', { role: t('roles.admins'), names: list(names('admin')) }),
    t('roles.line', { role: t('roles.leaders'), names: list(names('leader')) }),
    ...teams.map((team) => t('roles.line', { role: t('roles.supervisors_of', { team: team.name }), names: list(names('supervisor', team.id)) })),
  ];
  return { text: [t('roles.title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('roles.title') }, { type: 'text', text: lines.join('\n') }] };
}

/** `/hearth roles set @a supervisor team:"Support A"`: an admin changes someone's role. */
export async function setRole(ctx: CommandContext): Promise<Message> {
  const { t, args, store, org, actor, messenger } = ctx;
  const [who, roleText, ...rest] = args.positional;
  if (!who || !roleText || rest.length > 0) throw new HearthError('usage', 'roles.usage_set');
  const member = await ctx.findMember(who);
  if (!member) throw new HearthError('not_found', 'error.unknown_member', { who });
  const role = roleFrom(roleText);
  if (!role) throw new HearthError('invalid_argument', 'csv.bad_role', { value: roleText });
  const teamId = await teamFor(ctx, member, role);
  if (member.role === 'admin' && role !== 'admin') {
    const admins = (await store.listMembers(org.id, { activeOnly: true })).filter((m) => m.role === 'admin');
    if (admins.length <= 1) throw new HearthError('invalid_argument', 'roles.last_admin', { name: member.name });
  }
  if (member.role === role && member.teamId === teamId) return textMessage(t('roles.unchanged', { name: member.name, role: t(`role.${role}`) }));
  const updated = await store.setRole(member.id, { role, teamId }, actor.id);
  const describe = (translate: typeof t) =>
    updated.teamName ? translate('roles.in_team', { role: translate(`role.${role}`), team: updated.teamName }) : translate(`role.${role}`);
  if (updated.id !== actor.id) {
    const theirs = translatorFor(updated.locale);
    await messenger.toMember(updated, textMessage(theirs('roles.told', { role: describe(theirs), by: actor.name })), `role:${updated.id}:${ctx.clock.now().getTime()}`);
  }
  return textMessage(t('roles.set', { name: updated.name, role: describe(t) }));
}

/** The team given, else the person's own; agents and supervisors must have one. */
async function teamFor(ctx: CommandContext, member: Member, role: Role): Promise<string | null> {
  const wanted = ctx.args.options.team;
  if (wanted) {
    const teams = await ctx.store.listTeams(ctx.org.id);
    const team = teams.find((x) => x.name.toLowerCase() === wanted.toLowerCase());
    if (!team) throw new HearthError('not_found', 'error.unknown_team', { team: wanted, teams: teams.map((x) => x.name).join(', ') });
    return team.id;
  }
  if ((role === 'agent' || role === 'supervisor') && !member.teamId) throw new HearthError('invalid_argument', 'roles.needs_team', { role: ctx.t(`role.${role}`) });
  return member.teamId;
}

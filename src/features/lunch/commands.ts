/**
 * `/lunch`: shared lunches that mix managers with the frontline. Supervisors set a recurring
 * lunch for their team (leaders for the whole site); joining is opt-in; each person can skip a
 * round, pause until a date, or privately ask not to be grouped with someone.
 */
import { DateTime } from 'luxon';
import type { ActionOutcome, CommandContext } from '../../core/command.ts';
import { hasRole, type Member } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { type Message, textMessage } from '../../core/message.ts';
import { occurrencesBetween, type Rule } from '../../core/recurrence.ts';
import { calendarDate, ensureManages, teamFor, timeOfDay, unknownMember, weekdayNumber } from '../common/scope.ts';
import { answeredInvitation, describeProgramme } from './messages.ts';
import type { LunchRepo, Programme, Round } from './repo.ts';
import type { createLunchRounds } from './rounds.ts';

const everyone = ['all', 'everyone', 'site', '全体'];
/** Invitations go out three days before each lunch. */
const leadMinutes = 3 * 24 * 60;

type Rounds = ReturnType<typeof createLunchRounds>;

export function createLunchCommands(repo: LunchRepo, rounds: Rounds) {
  /** The programme a person belongs to: their team's, else the site's (or the one `team:` names). */
  async function programmeFor(ctx: CommandContext): Promise<{ programme: Programme; team: string }> {
    const named = ctx.args.options.team;
    const site = named ? everyone.includes(named.toLowerCase()) : false;
    if (!site) {
      const team = named ? await teamFor(ctx, named) : ctx.actor.teamId ? await teamFor(ctx, undefined) : null;
      const own = team ? await repo.programme(ctx.org.id, team.id) : null;
      if (own && team) return { programme: own, team: team.name };
      if (named) throw new HearthError('not_found', 'lunch.no_programme', { team: team?.name ?? named });
    }
    const siteWide = await repo.programme(ctx.org.id, null);
    if (!siteWide) throw new HearthError('not_found', 'lunch.no_programme', { team: ctx.actor.teamName ?? ctx.t('holiday.everyone') });
    return { programme: siteWide, team: ctx.t('holiday.everyone') };
  }

  /** The next lunch whose invitations are still to come or under way. */
  async function nextLunch(ctx: CommandContext, p: Programme): Promise<string | null> {
    const holidays = new Set((await ctx.calendar.holidays(ctx.org.id, p.teamId)).map((h) => h.date));
    const open = await repo.openRound(p.id);
    if (open) return `${open.date} ${open.time}`;
    const from = new Date(Math.max(ctx.clock.now().getTime(), p.startAfter.getTime()));
    const next = occurrencesBetween(p.rule, p.timezone, from, new Date(from.getTime() + 120 * 86_400_000), (d) => holidays.has(d))[0];
    return next ? `${next.localDate} ${p.rule.time}` : null;
  }

  async function schedule(ctx: CommandContext): Promise<Message> {
    const { t, args, org, actor } = ctx;
    const site = args.options.team ? everyone.includes(args.options.team.toLowerCase()) : !actor.teamId;
    if (site && !hasRole(actor.role, 'leader')) throw new HearthError('forbidden', 'lunch.site_forbidden');
    const team = site ? null : await teamFor(ctx, args.options.team);
    if (team) ensureManages(ctx, team, 'lunch schedule');
    const day = weekdayNumber(args.options.day ?? '');
    if (!day) throw new HearthError('usage', 'lunch.bad_day', { value: (args.options.day ?? '').slice(0, 20) });
    const time = timeOfDay(args.options.time ?? args.options.at, 'time:HH:MM');
    const every = Number(args.options.every ?? '2');
    if (!Number.isInteger(every) || every < 1 || every > 8) throw new HearthError('invalid_argument', 'lunch.bad_every', { value: args.options.every ?? '' });
    const size = Number(args.options.size ?? '4');
    if (!Number.isInteger(size) || size < 2 || size > 8) throw new HearthError('invalid_argument', 'lunch.bad_size', { value: args.options.size ?? '' });
    const zone = team?.timezone ?? org.timezone;
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone });
    const from = args.options.from ? calendarDate(args.options.from, 'from:YYYY-MM-DD') : today.toISODate()!;
    if (from < today.toISODate()!) throw new HearthError('invalid_argument', 'error.in_past', { value: from });
    const place = args.options.place?.trim().slice(0, 200) || null;
    const rule: Rule = { freq: 'weekly', time, days: [day], interval: every, anchor: from };
    // Lunches start from `from`, and the first is far enough off for its invitations to go out in time.
    const startAfter = new Date(Math.max(DateTime.fromISO(from, { zone }).startOf('day').toMillis(), ctx.clock.now().getTime() + leadMinutes * 60_000));
    const programme = await repo.saveProgramme({ orgId: org.id, teamId: team?.id ?? null, rule, timezone: zone, groupSize: size, leadMinutes, place, startAfter }, actor.id);
    const scopeName = team?.name ?? t('holiday.everyone');
    const members = await ctx.store.listMembers(org.id, { activeOnly: true, ...(team ? { teamId: team.id } : {}) });
    const invited = (await rounds.notJoined(programme, actor.id)).length;
    await ctx.jobs.runNow({ key: `lunch.join-invite:${programme.id}:${ctx.clock.now().toISOString()}`, orgId: org.id, kind: 'lunch.join-invite', dueAt: ctx.clock.now(), payload: { programmeId: programme.id, by: actor.id } });
    const managers = members.filter((m) => m.role !== 'agent').length;
    return textMessage(
      [
        t('lunch.scheduled', { description: describeProgramme(t, programme, scopeName), next: (await nextLunch(ctx, programme)) ?? '-', invited }),
        ...(managers * size < members.length ? [t('lunch.few_managers', { managers, people: members.length })] : []),
      ].join('\n'),
    );
  }

  async function join(ctx: CommandContext, programmeId?: string): Promise<ActionOutcome> {
    const { t } = ctx;
    const found = programmeId ? await repo.programmeById(programmeId) : (await programmeFor(ctx)).programme;
    if (!found?.active) throw new HearthError('not_found', 'lunch.gone');
    if (found.teamId && found.teamId !== ctx.actor.teamId) throw new HearthError('forbidden', 'lunch.other_team');
    await repo.setParticipant(found.id, ctx.actor.id, { status: 'active', pausedUntil: null, skipNext: false, ignored: 0 });
    const reply = textMessage(t('lunch.joined', { next: (await nextLunch(ctx, found)) ?? '-' }));
    return { reply, update: textMessage(`✓ ${reply.text}`) };
  }

  /** Says no to the open round, if this person was invited to it (repairing their group if formed). */
  async function declineOpenRound(ctx: CommandContext, programme: Programme): Promise<Round | null> {
    const round = await repo.openRound(programme.id);
    if (!round) return null;
    const before = await repo.answer(round.id, ctx.actor.id, round.status === 'grouped' ? 'dropped' : 'no');
    if (!before) return null;
    if (round.status === 'grouped' && before.groupNo !== null && before.answer === 'yes') await rounds.dropOut(round, ctx.actor.id, before.groupNo);
    return round;
  }

  async function participantOf(ctx: CommandContext): Promise<Programme> {
    const { programme } = await programmeFor(ctx);
    const me = await repo.participant(programme.id, ctx.actor.id);
    if (!me || me.status === 'left') throw new HearthError('not_found', 'lunch.not_joined');
    return programme;
  }

  async function skip(ctx: CommandContext): Promise<Message> {
    const programme = await participantOf(ctx);
    const round = await declineOpenRound(ctx, programme);
    if (round) return textMessage(ctx.t('lunch.skipped_round', { date: round.date }));
    await repo.setParticipant(programme.id, ctx.actor.id, { skipNext: true });
    return textMessage(ctx.t('lunch.skipped_next', { next: (await nextLunch(ctx, programme)) ?? '-' }));
  }

  async function pause(ctx: CommandContext): Promise<Message> {
    const programme = await participantOf(ctx);
    const positional = ctx.args.positional.filter((p) => p.toLowerCase() !== 'until');
    const until = ctx.args.options.until ?? positional[0];
    const date = until ? calendarDate(until, 'a date (YYYY-MM-DD)') : null;
    if (date && date <= DateTime.fromJSDate(ctx.clock.now(), { zone: ctx.actor.timezone }).toISODate()!) throw new HearthError('invalid_argument', 'error.in_past', { value: date });
    await repo.setParticipant(programme.id, ctx.actor.id, { status: 'paused', pausedUntil: date });
    await declineOpenRound(ctx, programme);
    return textMessage(date ? ctx.t('lunch.paused_until', { date }) : ctx.t('lunch.paused'));
  }

  async function resume(ctx: CommandContext): Promise<Message> {
    const programme = await participantOf(ctx);
    await repo.setParticipant(programme.id, ctx.actor.id, { status: 'active', pausedUntil: null, ignored: 0 });
    return textMessage(ctx.t('lunch.resumed', { next: (await nextLunch(ctx, programme)) ?? '-' }));
  }

  async function leave(ctx: CommandContext): Promise<Message> {
    const programme = await participantOf(ctx);
    await repo.setParticipant(programme.id, ctx.actor.id, { status: 'left' });
    await declineOpenRound(ctx, programme);
    return textMessage(ctx.t('lunch.left'));
  }

  /** The private "please don't group me with" list: only the grouping ever reads it. */
  async function avoid(ctx: CommandContext, add: boolean): Promise<Message> {
    const { t } = ctx;
    const token = ctx.args.positional[0];
    if (!token) {
      if (!add) throw new HearthError('usage', 'error.missing_argument', { what: '@person' });
      const ids = await repo.avoidList(ctx.actor.id);
      const names = (await Promise.all(ids.map((id) => ctx.store.findMemberById(id)))).filter((m): m is Member => m !== null).map((m) => m.name);
      return textMessage(names.length > 0 ? t('lunch.avoid_list', { names: names.join(', ') }) : t('lunch.avoid_none'));
    }
    const other = await ctx.findMember(token);
    if (!other) throw unknownMember(token);
    if (other.id === ctx.actor.id) throw new HearthError('invalid_argument', 'lunch.avoid_self');
    const changed = await repo.setAvoid(ctx.actor.id, other.id, add);
    return textMessage(t(add ? (changed ? 'lunch.avoid_added' : 'lunch.avoid_already') : changed ? 'lunch.avoid_removed' : 'lunch.avoid_absent', { name: other.name }));
  }

  async function status(ctx: CommandContext): Promise<Message> {
    const { t } = ctx;
    const { programme, team } = await programmeFor(ctx);
    const me = await repo.participant(programme.id, ctx.actor.id);
    const lines = [describeProgramme(t, programme, team), t('lunch.next', { next: (await nextLunch(ctx, programme)) ?? '-' })];
    lines.push(
      !me || me.status === 'left' ? t('lunch.status_out')
        : me.status === 'paused' ? (me.pausedUntil ? t('lunch.paused_until', { date: me.pausedUntil }) : t('lunch.paused'))
        : me.skipNext ? t('lunch.status_skipping') : t('lunch.status_in'),
    );
    const round = await repo.openRound(programme.id);
    const mine = round ? (await repo.rsvps(round.id)).find((r) => r.memberId === ctx.actor.id) : undefined;
    if (round && mine?.groupNo) {
      const others = (await repo.rsvps(round.id)).filter((r) => r.groupNo === mine.groupNo && r.memberId !== ctx.actor.id && r.answer === 'yes');
      const names = await Promise.all(others.map(async (r) => (await ctx.store.findMemberById(r.memberId))?.name ?? '?'));
      lines.push(t('lunch.status_group', { date: round.date, names: names.join(', ') }));
    }
    return textMessage(lines.join('\n'));
  }

  async function history(ctx: CommandContext): Promise<Message> {
    const { t } = ctx;
    const past = await repo.pastGroups(ctx.actor.id, 10);
    if (past.length === 0) return textMessage(t('lunch.history_none'));
    const lines = await Promise.all(
      past.map(async (p) => `${p.date}: ${(await Promise.all(p.with.map(async (id) => (await ctx.store.findMemberById(id))?.name ?? '?'))).join(', ') || '-'}`),
    );
    return { text: [t('lunch.history_title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('lunch.history_title') }, { type: 'text', text: lines.join('\n') }] };
  }

  async function cancel(ctx: CommandContext): Promise<Message> {
    const { programme, team } = await programmeFor(ctx);
    if (programme.teamId) ensureManages(ctx, (await ctx.store.listTeams(ctx.org.id)).find((x) => x.id === programme.teamId)!, 'lunch cancel');
    else if (!hasRole(ctx.actor.role, 'leader')) throw new HearthError('forbidden', 'lunch.site_forbidden');
    await repo.deactivate(programme.id, ctx.actor.id);
    const open = await repo.openRound(programme.id);
    for (const prefix of [`lunch.join-invite:${programme.id}:`, ...(open ? [`lunch.invite:${open.id}:`] : [])]) await ctx.messenger.withdraw(prefix, 'lunches cancelled');
    // Telling them is a job run at once, so a restart part-way tells the rest (a retried command
    // would find nothing left to cancel).
    const told = (await rounds.toTell(programme.id)).length;
    await ctx.jobs.runNow({ key: `lunch.tell-cancelled:${programme.id}:${ctx.clock.now().toISOString()}`, orgId: ctx.org.id, kind: 'lunch.tell-cancelled', dueAt: ctx.clock.now(), payload: { programmeId: programme.id, team } });
    return textMessage(ctx.t('lunch.cancelled', { team, told }));
  }

  /** A yes or no from the invitation's buttons. */
  async function answer(ctx: CommandContext, roundId: string, yes: boolean): Promise<ActionOutcome> {
    const { t } = ctx;
    const round = await repo.round(roundId);
    if (!round || round.status === 'done' || round.status === 'cancelled' || round.at <= ctx.clock.now()) throw new HearthError('not_found', 'lunch.round_over');
    const before = await repo.answer(round.id, ctx.actor.id, yes ? 'yes' : round.status === 'grouped' ? 'dropped' : 'no');
    if (!before) throw new HearthError('not_found', 'lunch.not_invited');
    if (round.status === 'grouped') {
      if (yes && before.groupNo === null) await rounds.lateYes(round, ctx.actor.id);
      if (!yes && before.groupNo !== null && before.answer === 'yes') await rounds.dropOut(round, ctx.actor.id, before.groupNo);
    }
    const reply = textMessage(t(yes ? 'lunch.answer_yes' : 'lunch.answer_no', { date: round.date, time: round.time }));
    const programme = await repo.programmeById(round.scheduleId);
    return { reply, update: answeredInvitation(t, round, programme?.place ?? null, yes) };
  }

  /** Home-view lines: the open round this person is in or has yet to answer. */
  async function upcoming(ctx: Pick<CommandContext, 'actor' | 'org' | 't' | 'store'>): Promise<string[]> {
    const lines: string[] = [];
    for (const teamId of [ctx.actor.teamId, null]) {
      if (teamId === undefined) continue;
      const programme = await repo.programme(ctx.org.id, teamId);
      const round = programme ? await repo.openRound(programme.id) : null;
      if (!round) continue;
      const rsvps = await repo.rsvps(round.id);
      const mine = rsvps.find((r) => r.memberId === ctx.actor.id);
      if (mine?.answer === 'pending') lines.push(ctx.t('lunch.home_pending', { date: round.date, time: round.time }));
      if (mine?.answer === 'yes') {
        const mates = rsvps.filter((r) => mine.groupNo !== null && r.groupNo === mine.groupNo && r.memberId !== ctx.actor.id);
        const names = await Promise.all(mates.map(async (r) => (await ctx.store.findMemberById(r.memberId))?.name ?? '?'));
        lines.push(ctx.t(names.length > 0 ? 'lunch.home_group' : 'lunch.home_yes', { date: round.date, time: round.time, names: names.join(', ') }));
      }
    }
    return lines;
  }

  return { schedule, join, skip, pause, resume, leave, avoid, status, history, cancel, answer, upcoming };
}

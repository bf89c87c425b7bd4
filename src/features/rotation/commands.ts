/**
 * `/rotation`: supervisors schedule role swaps for a month; Hearth picks people fairly and dates
 * that keep the phones covered, tells each person and the team, reminds them the day before and
 * asks what they learned the day after.
 */
import { DateTime } from 'luxon';
import type { CommandContext } from '../../core/command.ts';
import type { Member, Team } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import { localToInstant } from '../../core/recurrence.ts';
import type { Jobs } from '../../core/scheduler.ts';
import { channelName } from '../common/channel.ts';
import { calendarMonth, ensureManages, teamFor, unknownMember } from '../common/scope.ts';
import { assignedMessage, kindName } from './messages.ts';
import { planRotation, workingDates } from './plan.ts';
import { rotationKinds, type RotationKind, type RotationRepo, type Turn } from './repo.ts';

const kindAliases: Record<string, RotationKind> = {
  'manager-for-a-day': 'manager-for-a-day', manager: 'manager-for-a-day', mfad: 'manager-for-a-day', 当一天主管: 'manager-for-a-day',
  'agent-for-a-day': 'agent-for-a-day', agent: 'agent-for-a-day', afad: 'agent-for-a-day', 当一天坐席: 'agent-for-a-day',
};

function zoneOf(ctx: Pick<CommandContext, 'org'>, team: Team): string {
  return team.timezone ?? ctx.org.timezone;
}

function parseKind(text: string | undefined): RotationKind {
  const kind = text ? kindAliases[text.toLowerCase()] : undefined;
  if (!kind) throw new HearthError('usage', 'rotation.bad_kind', { value: (text ?? '').slice(0, 40) });
  return kind;
}

/** Who takes part in a kind of swap: agents become managers for a day, supervisors agents. */
function eligible<M extends Member>(members: M[], kind: RotationKind): M[] {
  return members.filter((m) => (kind === 'manager-for-a-day' ? m.role === 'agent' : m.role === 'supervisor'));
}

/**
 * Schedules a turn's reminder (the day before) and its reflection prompt (late on the day, so it
 * reaches the person as their shift ends, while the day is fresh).
 */
async function scheduleFollowUps(jobs: Jobs, orgId: string, turn: Turn, zone: string): Promise<void> {
  const day = DateTime.fromISO(turn.date, { zone });
  await jobs.schedule([
    { key: `rotation.remind:${turn.id}:${turn.date}`, orgId, kind: 'rotation.remind', dueAt: localToInstant(day.minus({ days: 1 }).toISODate()!, '08:00', zone), payload: { turnId: turn.id, date: turn.date } },
    { key: `rotation.reflect:${turn.id}:${turn.date}`, orgId, kind: 'rotation.reflect', dueAt: localToInstant(turn.date, '17:00', zone), payload: { turnId: turn.id, date: turn.date } },
  ]);
}

/** Calls off a turn's reminder and reflection prompt (its date moved, or it ended). */
async function cancelFollowUps(ctx: CommandContext, turnId: string, reason: string): Promise<void> {
  for (const kind of ['rotation.remind', 'rotation.reflect']) await ctx.jobs.cancel(`${kind}:${turnId}:`, reason, ctx.clock.now());
}

export function createRotationCommands(repo: RotationRepo) {
  /** Ends a turn (skipped, cancelled), audited as `action`, with its follow-ups called off. */
  async function endTurn(ctx: CommandContext, turn: Turn, status: 'skipped' | 'cancelled', action: string, reason: string): Promise<void> {
    await repo.update(ctx.org.id, turn.id, { status }, ctx.actor.id, action);
    await cancelFollowUps(ctx, turn.id, reason);
  }

  /** DMs a person their turn (news, not a question: sent at once) and schedules its reminder and reflection. */
  async function announceTurn(ctx: CommandContext, turn: Turn, member: Member, team: Team): Promise<void> {
    await ctx.messenger.toMember(member, assignedMessage(translatorFor(member.locale), turn, team.name), `rotation.assigned:${turn.id}:${turn.memberId}:${turn.date}`);
    await scheduleFollowUps(ctx.jobs, ctx.org.id, turn, zoneOf(ctx, team));
  }

  async function monthContext(ctx: CommandContext, team: Team, month: string) {
    const zone = zoneOf(ctx, team);
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone }).toISODate()!;
    const holidays = new Set((await ctx.calendar.holidays(ctx.org.id, team.id)).map((h) => h.date));
    const members = await ctx.store.listMembers(ctx.org.id, { teamId: team.id, activeOnly: true });
    const turns = await repo.month(team.id, month);
    return { zone, today, holidays, members, turns };
  }

  async function schedule(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const kind = parseKind(args.positional[0] ?? args.options.kind);
    const team = await teamFor(ctx, args.options.team);
    ensureManages(ctx, team, 'rotation schedule');
    const month = calendarMonth(args.options.month);
    const { zone, today, holidays, members, turns } = await monthContext(ctx, team, month);
    // Two days' notice at least, so cover can be arranged.
    const firstDay = DateTime.fromISO(today, { zone }).plus({ days: 2 }).toISODate()!;
    if (month < today.slice(0, 7)) throw new HearthError('invalid_argument', 'error.in_past', { value: month });
    const existing = turns.filter((x) => x.kind === kind);
    if (existing.length > 0) throw new HearthError('invalid_argument', 'rotation.already', { kind: kindName(t, kind), team: team.name, month });
    const people = eligible(members, kind);
    if (people.length === 0) throw new HearthError('not_found', 'rotation.nobody', { kind: kindName(t, kind), team: team.name });
    const count = args.options.count === undefined ? Math.min(people.length, kind === 'agent-for-a-day' ? people.length : 2) : Number(args.options.count);
    if (!Number.isInteger(count) || count < 1 || count > people.length) {
      throw new HearthError('invalid_argument', 'rotation.bad_count', { value: args.options.count ?? '', max: people.length });
    }
    const history = new Map((await repo.history(team.id, kind)).map((h) => [h.memberId, h]));
    const taken: Record<string, number> = {};
    for (const turn of turns) taken[turn.date] = (taken[turn.date] ?? 0) + 1;
    const plan = planRotation({
      candidates: people.map((m) => ({
        id: m.id,
        turns: history.get(m.id)?.turns ?? 0,
        lastTurn: history.get(m.id)?.lastTurn ?? null,
        available: workingDates(m.shifts, month, holidays).filter((d) => d >= firstDay),
      })),
      count,
      monthDays: workingDates([], month, holidays).filter((d) => d >= firstDay),
      taken,
      // Coverage: a small team has at most one person away on any day.
      maxAwayPerDay: Math.max(1, Math.floor(members.length / 10)),
      seed: `${team.id}:${kind}:${month}`,
    });
    if (plan.assignments.length === 0) throw new HearthError('not_found', 'rotation.no_days', { team: team.name, month });
    const created = await repo.create(ctx.org.id, plan.assignments.map((a) => ({ teamId: team.id, kind, month, memberId: a.id, date: a.date })), ctx.actor.id);
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const turn of created) await announceTurn(ctx, turn, byId.get(turn.memberId)!, team);
    const lines = created.map((turn) => `${turn.date} · ${byId.get(turn.memberId)!.name}`);
    await ctx.messenger.toChannel(channelName(team.name), announcement(ctx, team, month, kind, lines), `rotation.announce:${team.id}:${kind}:${month}:${created.map((c) => c.id).join(',')}`);
    const passed = plan.passedOver.map((p) => byId.get(p.id)?.name ?? p.id);
    return textMessage(
      [
        t('rotation.scheduled', { kind: kindName(t, kind), team: team.name, month }),
        ...lines,
        ...(passed.length > 0 ? [t('rotation.passed_over', { names: passed.join(', ') })] : []),
      ].join('\n'),
    );
  }

  /** The team channel's announcement, in the organisation's language (a channel has many readers). */
  function announcement(ctx: CommandContext, team: Team, month: string, kind: RotationKind, lines: string[]): Message {
    const t = translatorFor(ctx.org.locale);
    const title = t('rotation.announce_title', { kind: kindName(t, kind), team: team.name, month });
    return { text: [title, ...lines].join('\n'), blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }, { type: 'context', text: t('rotation.announce_footer') }] };
  }

  async function list(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const teams = args.options.team || ctx.actor.role === 'agent' || ctx.actor.role === 'supervisor' ? [await teamFor(ctx, args.options.team)] : await ctx.store.listTeams(ctx.org.id);
    const lines: string[] = [];
    let title = '';
    for (const team of teams) {
      const zone = zoneOf(ctx, team);
      const month = args.options.month ? calendarMonth(args.options.month) : DateTime.fromJSDate(ctx.clock.now(), { zone }).toFormat('yyyy-MM');
      title = t('rotation.list_title', { month });
      const turns = await repo.month(team.id, month);
      if (turns.length === 0) continue;
      const names = new Map((await ctx.store.listMembers(ctx.org.id, { teamId: team.id })).map((m) => [m.id, m.name]));
      lines.push(`*${team.name}*`);
      for (const kind of rotationKinds) {
        const ofKind = turns.filter((x) => x.kind === kind);
        if (ofKind.length > 0) lines.push(`${kindName(t, kind)}: ${ofKind.map((x) => `${x.date} ${names.get(x.memberId) ?? '?'}`).join(' · ')}`);
      }
    }
    if (lines.length === 0) return textMessage(t('rotation.none', { month: args.options.month ?? t('rotation.this_month') }));
    return { text: [title, ...lines].join('\n'), blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }] };
  }

  /** The person a mention names, or a specific error. */
  async function person(ctx: CommandContext, token: string | undefined, what: string): Promise<Member> {
    if (!token) throw new HearthError('usage', 'error.missing_argument', { what });
    const member = await ctx.findMember(token);
    if (!member) throw unknownMember(token);
    return member;
  }

  /** The scheduled turn of `member` in the month given (default: the next one), with its team. */
  async function turnOf(ctx: CommandContext, member: Member): Promise<{ turn: Turn; team: Team }> {
    const teams = await ctx.store.listTeams(ctx.org.id);
    // Someone else's team is refused before anything about its people's turns is said.
    const own = teams.find((x) => x.id === member.teamId);
    if (own) ensureManages(ctx, own, 'rotation');
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone: member.timezone }).toISODate()!;
    const month = ctx.args.options.month ? calendarMonth(ctx.args.options.month) : undefined;
    const turn = (await repo.upcoming(member.id, today)).find((x) => !month || x.month === month);
    if (!turn) throw new HearthError('not_found', 'rotation.no_turn', { name: member.name });
    // The turn belongs to the team it was scheduled for, which may not be the person's team now.
    const team = teams.find((x) => x.id === turn.teamId)!;
    ensureManages(ctx, team, 'rotation');
    return { turn, team };
  }

  async function tell(ctx: CommandContext, member: Member, turn: Turn, team: Team, key: string): Promise<void> {
    const t = translatorFor(member.locale);
    await ctx.messenger.toMember(member, textMessage(t('rotation.changed', { kind: kindName(t, turn.kind), date: turn.date, team: team.name })), key);
  }

  async function swap(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const a = await person(ctx, args.positional[0], '@person');
    const b = await person(ctx, args.positional[1], t('rotation.second_person'));
    if (a.id === b.id) throw new HearthError('invalid_argument', 'rotation.same_person');
    const { turn: ta, team } = await turnOf(ctx, a);
    const tb = (await repo.month(team.id, ta.month)).find((x) => x.memberId === b.id && x.kind === ta.kind);
    if (tb) {
      await repo.update(ctx.org.id, ta.id, { date: tb.date }, ctx.actor.id, 'rotation.swap');
      await repo.update(ctx.org.id, tb.id, { date: ta.date }, ctx.actor.id, 'rotation.swap');
      for (const [turn, member, date] of [[ta, a, tb.date], [tb, b, ta.date]] as const) {
        await cancelFollowUps(ctx, turn.id, 'date changed');
        const moved = { ...turn, date };
        await scheduleFollowUps(ctx.jobs, ctx.org.id, moved, zoneOf(ctx, team));
        await tell(ctx, member, moved, team, `rotation.changed:${turn.id}:${date}`);
      }
      return textMessage(t('rotation.swapped', { a: a.name, b: b.name, dateA: tb.date, dateB: ta.date }));
    }
    if (b.teamId !== team.id || !eligible([b], ta.kind).length) throw new HearthError('invalid_argument', 'rotation.not_eligible', { name: b.name, kind: kindName(t, ta.kind), team: team.name });
    await handOver(ctx, ta, a, b, team, 'rotation.swap');
    return textMessage(t('rotation.handed', { a: a.name, b: b.name, date: ta.date }));
  }

  /** Gives `from`'s turn to `to` on the same date; `from` keeps their place in the fair order. */
  async function handOver(ctx: CommandContext, turn: Turn, from: Member, to: Member, team: Team, action: string): Promise<void> {
    await endTurn(ctx, turn, 'skipped', action, 'handed over');
    const [created] = await repo.create(ctx.org.id, [{ teamId: turn.teamId, kind: turn.kind, month: turn.month, memberId: to.id, date: turn.date }], ctx.actor.id);
    const t = translatorFor(from.locale);
    await ctx.messenger.toMember(from, textMessage(t('rotation.released', { kind: kindName(t, turn.kind), date: turn.date })), `rotation.released:${turn.id}`);
    await announceTurn(ctx, created!, to, team);
  }

  async function skip(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const member = await person(ctx, args.positional[0], '@person');
    const { turn, team } = await turnOf(ctx, member);
    const { holidays, members, turns } = await monthContext(ctx, team, turn.month);
    const assigned = new Set(turns.filter((x) => x.kind === turn.kind).map((x) => x.memberId));
    const history = new Map((await repo.history(team.id, turn.kind)).map((h) => [h.memberId, h]));
    // The next person in the fair order who works that day takes the turn.
    const next = eligible(members, turn.kind)
      .filter((m) => !assigned.has(m.id) && workingDates(m.shifts, turn.month, holidays).includes(turn.date))
      .sort((x, y) => (history.get(x.id)?.turns ?? 0) - (history.get(y.id)?.turns ?? 0) || (history.get(x.id)?.lastTurn ?? '').localeCompare(history.get(y.id)?.lastTurn ?? '') || x.name.localeCompare(y.name))[0];
    if (!next) {
      await endTurn(ctx, turn, 'skipped', 'rotation.skip', 'skipped');
      return textMessage(t('rotation.skipped_nobody', { name: member.name, date: turn.date }));
    }
    await handOver(ctx, turn, member, next, team, 'rotation.skip');
    return textMessage(t('rotation.skipped', { name: member.name, next: next.name, date: turn.date }));
  }

  async function cancel(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const kinds = args.positional[0] ? [parseKind(args.positional[0])] : rotationKinds;
    const team = await teamFor(ctx, args.options.team);
    ensureManages(ctx, team, 'rotation cancel');
    const month = calendarMonth(args.options.month);
    const turns = (await repo.month(team.id, month)).filter((x) => kinds.includes(x.kind));
    if (turns.length === 0) throw new HearthError('not_found', 'rotation.none', { month });
    const members = new Map((await ctx.store.listMembers(ctx.org.id, { teamId: team.id })).map((m) => [m.id, m]));
    for (const turn of turns) {
      await endTurn(ctx, turn, 'cancelled', 'rotation.cancel', 'cancelled');
      const member = members.get(turn.memberId);
      if (member) {
        const mt = translatorFor(member.locale);
        await ctx.messenger.toMember(member, textMessage(mt('rotation.cancelled_dm', { kind: kindName(mt, turn.kind), date: turn.date })), `rotation.cancelled:${turn.id}`);
      }
    }
    return textMessage(t('rotation.cancelled', { count: turns.length, team: team.name, month }));
  }

  return { schedule, list, swap, skip, cancel };
}

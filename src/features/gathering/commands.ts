/**
 * `/gathering`: monthly go-Dutch (AA) gatherings. Anyone plans one for their team (leaders and
 * admins for everyone); people answer with a button; the bill is split evenly to the cent among
 * those who came, and each share is settled with the person who paid. Rank does not count here:
 * attendee lists and bills show names, never titles.
 */
import type { ActionOutcome, CommandContext } from '../../core/command.ts';
import { hasRole, type Member } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import { localToInstant } from '../../core/recurrence.ts';
import { channelName, generalChannel } from '../common/channel.ts';
import { calendarDate, ensureManages, teamFor, timeOfDay, unknownMember } from '../common/scope.ts';
import type { Store } from '../../core/ports.ts';
import { invitation, reminderJobs, rsvpLine } from './messages.ts';
import type { GatheringRecord, GatheringRepo } from './repo.ts';
import { formatMoney, parseAmount, settlements, splitBill } from './split.ts';

const day = 86_400_000;
const everyone = ['all', 'everyone', 'org', '全体'];

function channelOf(g: GatheringRecord, teams: Array<{ id: string; name: string }>): string {
  const team = teams.find((t) => t.id === g.teamId);
  return team ? channelName(team.name) : generalChannel;
}

/** Who a gathering invites: its team, or everyone, but the one who planned it. */
export async function invitees(store: Store, g: GatheringRecord): Promise<Member[]> {
  return (await store.listMembers(g.orgId, { activeOnly: true, ...(g.teamId ? { teamId: g.teamId } : {}) })).filter((m) => m.id !== g.createdBy);
}

export function createGatheringCommands(repo: GatheringRepo) {
  /** The teams whose gatherings this person sees: their own and the organisation's; leaders see all. */
  async function scope(ctx: CommandContext): Promise<Array<string | null>> {
    if (hasRole(ctx.actor.role, 'leader')) return [null, ...(await ctx.store.listTeams(ctx.org.id)).map((t) => t.id)];
    return [null, ...(ctx.actor.teamId ? [ctx.actor.teamId] : [])];
  }

  /** The gathering a command is about: `gathering:"title"`, else the next one (or the latest past one). */
  async function pick(ctx: CommandContext, when: 'next' | 'last'): Promise<GatheringRecord> {
    const now = ctx.clock.now().getTime();
    const all = await repo.list(ctx.org.id, await scope(ctx), new Date(now - 90 * day), new Date(now + 366 * day));
    const wanted = ctx.args.options.gathering?.normalize('NFKC').toLowerCase();
    const candidates = wanted ? all.filter((g) => g.title.normalize('NFKC').toLowerCase().includes(wanted)) : all;
    // "Last" allows the evening itself: a bill is split at the table.
    const pool = when === 'next' ? candidates.filter((g) => g.at.getTime() >= now) : candidates.filter((g) => g.at.getTime() <= now + 6 * 3_600_000).reverse();
    const found = pool[0] ?? (wanted ? candidates[0] : undefined);
    if (!found) throw new HearthError('not_found', wanted ? 'gathering.not_found' : 'gathering.none', { title: ctx.args.options.gathering ?? '' });
    return found;
  }

  async function names(ctx: CommandContext, ids: string[]): Promise<Map<string, string>> {
    const members = await ctx.store.listMembers(ctx.org.id);
    const wanted = new Set(ids);
    return new Map(members.filter((m) => wanted.has(m.id)).map((m) => [m.id, m.name]));
  }

  async function plan(ctx: CommandContext): Promise<Message> {
    const { t, args, org, actor } = ctx;
    const at = args.positional.findIndex((p) => /^\d{4}-\d{2}-\d{2}$/.test(p));
    const title = (at > 0 ? args.positional.slice(0, at) : []).join(' ').trim();
    if (!title) throw new HearthError('usage', 'error.missing_argument', { what: t('gathering.what_title') });
    if (title.length > 100) throw new HearthError('invalid_argument', 'error.too_long', { length: title.length, max: 100 });
    const date = calendarDate(args.positional[at], 'a date (YYYY-MM-DD)');
    const time = timeOfDay(args.positional[at + 1], 'a time (HH:MM)');
    const place = args.options.place?.trim() || null;
    if (place && place.length > 200) throw new HearthError('invalid_argument', 'error.too_long', { length: place.length, max: 200 });
    const orgWide = args.options.team ? everyone.includes(args.options.team.toLowerCase()) : !actor.teamId;
    if (orgWide && !hasRole(actor.role, 'leader')) throw new HearthError('forbidden', 'gathering.org_wide_forbidden');
    const team = orgWide ? null : await teamFor(ctx, args.options.team);
    if (team && team.id !== actor.teamId) ensureManages(ctx, team, 'gathering plan');
    const timezone = team?.timezone ?? org.timezone;
    const instant = localToInstant(date, time, timezone);
    if (instant <= ctx.clock.now()) throw new HearthError('invalid_argument', 'error.in_past', { value: `${date} ${time}` });
    const gathering = await repo.create({ orgId: org.id, teamId: team?.id ?? null, title, date, time, timezone, at: instant, place, createdBy: actor.id, currency: org.currency });
    await repo.rsvp(gathering.id, actor.id, 'yes');
    const teams = await ctx.store.listTeams(org.id);
    await ctx.messenger.toChannel(channelOf(gathering, teams), invitation(translatorFor(org.locale), gathering, actor.name, 1), `gathering.announce:${gathering.id}`);
    const count = (await invitees(ctx.store, gathering)).length;
    await ctx.jobs.schedule(reminderJobs(gathering));
    // Messages to many people after a change (invitations, shares, a cancellation) are a job run
    // at once: a restart part-way leaves the rest to a tick, where a retried command would find the
    // change made and tell nobody.
    await ctx.jobs.runNow({ key: `gathering.invite:${gathering.id}`, orgId: org.id, kind: 'gathering.invite', dueAt: ctx.clock.now(), payload: { gatheringId: gathering.id } });
    return textMessage(t('gathering.planned', { title, date, time, team: team?.name ?? t('holiday.everyone'), count }));
  }

  async function list(ctx: CommandContext): Promise<Message> {
    const { t } = ctx;
    const now = ctx.clock.now();
    const upcoming = await repo.list(ctx.org.id, await scope(ctx), now, new Date(now.getTime() + 366 * day));
    if (upcoming.length === 0) return textMessage(t('gathering.none_upcoming'));
    const lines: string[] = [];
    for (const g of upcoming) {
      const going = (await repo.rsvps(g.id)).filter((r) => r.answer === 'yes').length;
      lines.push(t('gathering.list_line', { title: g.title, date: g.date, time: g.time, place: g.place ?? '-', going }));
    }
    return { text: [t('gathering.list_title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('gathering.list_title') }, { type: 'text', text: lines.join('\n') }] };
  }

  async function who(ctx: CommandContext): Promise<Message> {
    const g = await pick(ctx, 'next').catch(() => pick(ctx, 'last'));
    const rsvps = await repo.rsvps(g.id);
    const byId = await names(ctx, rsvps.map((r) => r.memberId));
    // Names only, alphabetically: no titles, no order of rank.
    const going = rsvps.filter((r) => r.answer === 'yes').map((r) => byId.get(r.memberId) ?? '?').sort((a, b) => a.localeCompare(b));
    return textMessage(ctx.t('gathering.who', { title: g.title, count: going.length, names: going.join(', ') || '-' }));
  }

  async function rsvp(ctx: CommandContext, gatheringId: string, answer: 'yes' | 'no'): Promise<ActionOutcome> {
    const g = await repo.find(gatheringId);
    if (!g || g.status !== 'planned') throw new HearthError('not_found', 'gathering.gone');
    if (g.at <= ctx.clock.now()) throw new HearthError('invalid_argument', 'gathering.over', { title: g.title });
    if (g.teamId && g.teamId !== ctx.actor.teamId) throw new HearthError('forbidden', 'gathering.not_invited', { title: g.title });
    await repo.rsvp(g.id, ctx.actor.id, answer);
    const going = (await repo.rsvps(g.id)).filter((r) => r.answer === 'yes').length;
    const organiser = (await ctx.store.findMemberById(g.createdBy))?.name ?? '?';
    // The card (a DM or the channel's) shows the new count; the answer is the clicker's alone.
    return { reply: textMessage(rsvpLine(ctx.t, g, answer, going)), update: invitation(ctx.t, g, organiser, going) };
  }

  async function split(ctx: CommandContext): Promise<Message> {
    const { args, org } = ctx;
    const g = await pick(ctx, 'last');
    const totalMinor = parseAmount(args.positional[0] ?? '', g.currency);
    if (totalMinor === null) throw new HearthError('invalid_argument', 'gathering.bad_amount', { value: (args.positional[0] ?? '').slice(0, 40), currency: g.currency });
    const payer = args.options['paid-by'] ? await ctx.findMember(args.options['paid-by']) : ctx.actor;
    if (!payer) throw unknownMember(args.options['paid-by']!);
    const allowed = payer.id === ctx.actor.id || g.createdBy === ctx.actor.id || hasRole(ctx.actor.role, 'supervisor');
    if (!allowed) throw new HearthError('forbidden', 'gathering.split_forbidden');
    // Those who said yes, adjusted at the table: `+@walk-in`, `-@no-show`; the payer came.
    const came = new Set((await repo.rsvps(g.id)).filter((r) => r.answer === 'yes').map((r) => r.memberId));
    for (const token of args.positional.slice(1)) {
      const sign = token[0];
      if (sign !== '+' && sign !== '-') throw new HearthError('usage', 'gathering.bad_adjustment', { value: token.slice(0, 40) });
      const member = await ctx.findMember(token.slice(1));
      if (!member) throw unknownMember(token.slice(1));
      if (sign === '+') came.add(member.id);
      else came.delete(member.id);
    }
    came.add(payer.id);
    const shares = splitBill(totalMinor, [...came], g.id);
    if (!(await repo.recordSplit(g.id, totalMinor, payer.id, shares.map((s) => ({ memberId: s.id, amountMinor: s.share })), ctx.actor.id))) {
      throw new HearthError('invalid_argument', 'gathering.already_split', { title: g.title });
    }
    const people = await ctx.store.listMembers(org.id);
    const byId = new Map(people.map((m) => [m.id, m]));
    const owed = settlements(shares, payer.id);
    const posted = translatorFor(org.locale);
    const money = (minor: number, locale: string) => formatMoney(minor, g.currency, locale);
    const lines = owed.map((o) => posted('gathering.owes', { from: byId.get(o.from)?.name ?? '?', to: payer.name, amount: money(o.amount, org.locale) }));
    const summary = posted('gathering.split_summary', { title: g.title, total: money(totalMinor, org.locale), payer: payer.name, count: shares.length });
    const teams = await ctx.store.listTeams(org.id);
    await ctx.messenger.toChannel(channelOf(g, teams), { text: [summary, ...lines].join('\n'), blocks: [{ type: 'text', text: summary }, { type: 'text', text: lines.join('\n') || '-' }, { type: 'context', text: posted('gathering.settle_hint') }] }, `gathering.split:${g.id}`);
    await ctx.jobs.runNow({ key: `gathering.tell-shares:${g.id}`, orgId: org.id, kind: 'gathering.tell-shares', dueAt: ctx.clock.now(), payload: { gatheringId: g.id } });
    return textMessage([summary, ...lines].join('\n'));
  }

  async function settle(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const g = await pick(ctx, 'last');
    if (g.totalMinor === null || !g.paidBy) throw new HearthError('not_found', 'gathering.not_split', { title: g.title });
    const target: Member | null = args.positional[0] ? await ctx.findMember(args.positional[0]) : ctx.actor;
    if (!target) throw unknownMember(args.positional[0]!);
    const mayMark = target.id === ctx.actor.id || g.paidBy === ctx.actor.id || g.createdBy === ctx.actor.id;
    if (!mayMark) throw new HearthError('forbidden', 'gathering.settle_forbidden');
    const share = (await repo.shares(g.id)).find((s) => s.memberId === target.id);
    if (!share) throw new HearthError('not_found', 'gathering.no_share', { name: target.name, title: g.title });
    if (!(await repo.settle(g.id, target.id, ctx.clock.now()))) return textMessage(t('gathering.already_settled', { name: target.name }));
    const payer = await ctx.store.findMemberById(g.paidBy);
    const amount = formatMoney(share.amountMinor, g.currency, ctx.locale);
    if (payer && payer.id !== ctx.actor.id) {
      const pt = translatorFor(payer.locale);
      await ctx.messenger.toMember(payer, textMessage(pt('gathering.settled_payer', { name: target.name, amount: formatMoney(share.amountMinor, g.currency, payer.locale), title: g.title })), `gathering.settled:${g.id}:${target.id}`);
    }
    const open = (await repo.shares(g.id)).filter((s) => !s.paid).length;
    return textMessage(t('gathering.settled', { name: target.name, amount, payer: payer?.name ?? '?', open }));
  }

  async function bill(ctx: CommandContext): Promise<Message> {
    const { t } = ctx;
    const g = await pick(ctx, 'last');
    if (g.totalMinor === null || !g.paidBy) throw new HearthError('not_found', 'gathering.not_split', { title: g.title });
    const shares = await repo.shares(g.id);
    const byId = await names(ctx, [...shares.map((s) => s.memberId), g.paidBy]);
    const lines = shares
      .map((s) => ({ name: byId.get(s.memberId) ?? '?', s }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, s }) => `${name} · ${formatMoney(s.amountMinor, g.currency, ctx.locale)} · ${t(s.paid ? 'gathering.paid' : 'gathering.unpaid')}`);
    const title = t('gathering.bill_title', { title: g.title, total: formatMoney(g.totalMinor, g.currency, ctx.locale), payer: byId.get(g.paidBy) ?? '?' });
    return { text: [title, ...lines].join('\n'), blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }] };
  }

  async function cancel(ctx: CommandContext): Promise<Message> {
    const { t, org } = ctx;
    const g = await pick(ctx, 'next');
    const teams = await ctx.store.listTeams(org.id);
    const team = teams.find((x) => x.id === g.teamId);
    if (g.createdBy !== ctx.actor.id) {
      if (team) ensureManages(ctx, team, 'gathering cancel');
      else if (!hasRole(ctx.actor.role, 'leader')) throw new HearthError('forbidden', 'gathering.org_wide_forbidden');
    }
    await repo.cancel(g.id, ctx.actor.id);
    await ctx.jobs.cancel(`gathering.remind:${g.id}:`, 'cancelled', ctx.clock.now());
    // Invitations and reminders still waiting for someone's shift to end are not sent now.
    for (const kind of ['gathering.invite', 'gathering.remind']) await ctx.messenger.withdraw(`${kind}:${g.id}:`, 'gathering cancelled');
    const going = (await repo.rsvps(g.id)).filter((r) => r.answer === 'yes' && r.memberId !== ctx.actor.id);
    await ctx.jobs.runNow({ key: `gathering.tell-cancelled:${g.id}`, orgId: org.id, kind: 'gathering.tell-cancelled', dueAt: ctx.clock.now(), payload: { gatheringId: g.id, by: ctx.actor.id } });
    await ctx.messenger.toChannel(channelOf(g, teams), textMessage(translatorFor(org.locale)('gathering.cancelled_dm', { title: g.title, date: g.date })), `gathering.cancelled:${g.id}`);
    return textMessage(t('gathering.cancelled', { title: g.title, count: going.length }));
  }

  /** Upcoming gatherings a member said yes to, for their home view. */
  async function upcomingFor(ctx: Pick<CommandContext, 'actor' | 'org' | 'clock' | 't'>): Promise<string[]> {
    const now = ctx.clock.now();
    const teams: Array<string | null> = [null, ...(ctx.actor.teamId ? [ctx.actor.teamId] : [])];
    const lines: string[] = [];
    for (const g of await repo.list(ctx.org.id, teams, now, new Date(now.getTime() + 62 * day))) {
      const mine = (await repo.rsvps(g.id)).find((r) => r.memberId === ctx.actor.id);
      if (mine?.answer === 'yes') lines.push(ctx.t('gathering.upcoming', { title: g.title, date: g.date, time: g.time }));
      if (!mine) lines.push(ctx.t('gathering.home_pending', { title: g.title, date: g.date, time: g.time }));
    }
    return lines;
  }

  return { plan, list, who, rsvp, split, settle, bill, cancel, upcomingFor };
}

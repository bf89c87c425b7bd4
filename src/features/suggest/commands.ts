/**
 * `/suggest`: anyone's idea, tracked by the staff-elected oversight group from submitted to
 * under review, adopted (with an owner and a due date) and implemented, or declined with a
 * reason. The submitter hears of every step; an adopted idea earns its author points and a
 * public thank-you; the adoption rate is there for everyone to see.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CommandContext, FormOutcome } from '../../core/command.ts';
import type { Member } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor, type Translate } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import type { Messenger } from '../../core/messenger.ts';
import type { Store } from '../../core/ports.ts';
import { channelName, generalChannel } from '../common/channel.ts';
import { calendarDate, teamFor, unknownMember } from '../common/scope.ts';
import type { KudosRepo } from '../kudos/repo.ts';
import { suggestForm } from './messages.ts';
import type { SuggestionRecord, SuggestionRepo, SuggestionStatus } from './repo.ts';

export interface SuggestSettings {
  /** Points an adopted suggestion earns its author. */
  adoptionPoints: number;
}

const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');
const newCode = () => randomBytes(5).toString('hex').toUpperCase().replace(/(.{5})/, '$1-');
const statusKey = (s: SuggestionStatus) => `suggest.status_${s}` as const;

export function createSuggestCommands(repo: SuggestionRepo, points: KudosRepo, settings: SuggestSettings) {
  /** Who may move suggestions along: the oversight group, and admins. */
  async function ensureOverseer(ctx: CommandContext): Promise<void> {
    if (ctx.actor.role === 'admin' || (await repo.oversight(ctx.org.id)).includes(ctx.actor.id)) return;
    const names = await namesOf(ctx.store, await repo.oversight(ctx.org.id));
    throw new HearthError('forbidden', 'suggest.not_overseer', { names: names.join(', ') || '-' });
  }

  async function namesOf(store: Store, ids: string[]): Promise<string[]> {
    return (await Promise.all(ids.map((id) => store.findMemberById(id)))).filter((m): m is Member => m !== null).map((m) => m.name);
  }

  async function numbered(ctx: CommandContext): Promise<SuggestionRecord> {
    const raw = (ctx.args.positional[0] ?? '').replace(/^#/, '');
    const id = Number(raw);
    if (!raw || !Number.isInteger(id) || id < 1) throw new HearthError('usage', 'suggest.which', { value: raw.slice(0, 20) });
    // Ids are 32-bit integers in the database: a larger number names no suggestion, and must not reach the query.
    const found = id <= 2_147_483_647 ? await repo.find(ctx.org.id, id) : null;
    if (!found) throw new HearthError('not_found', 'suggest.not_found', { id });
    return found;
  }

  /** Tells the author (when known) about a step, in their language. */
  async function tellAuthor(messenger: Messenger, store: Store, s: SuggestionRecord, key: string, say: (t: Translate) => string): Promise<void> {
    const author = s.authorId ? await store.findMemberById(s.authorId) : null;
    if (author?.active) await messenger.toMember(author, textMessage(say(translatorFor(author.locale))), `${key}:${author.id}`);
  }

  async function submit(ctx: CommandContext, text: string, anonymous: boolean): Promise<Message> {
    const { t, actor, org } = ctx;
    if (text.length < 10) throw new HearthError('usage', 'suggest.too_short');
    if (text.length > 2000) throw new HearthError('invalid_argument', 'error.too_long', { length: text.length, max: 2000 });
    const code = anonymous ? newCode() : null;
    const s = await repo.create({ orgId: org.id, teamId: actor.teamId, authorId: anonymous ? null : actor.id, anonymous, text, createdAt: ctx.clock.now(), receiptHash: code ? hashCode(code) : null });
    for (const id of await repo.oversight(org.id)) {
      const member = await ctx.store.findMemberById(id);
      if (!member?.active) continue;
      const mt = translatorFor(member.locale);
      await ctx.messenger.toMember(member, textMessage(mt('suggest.new_for_group', { id: s.id, from: anonymous ? mt('suggest.anonymous') : actor.name, text })), `suggest.new:${s.id}:${id}`);
    }
    if (code) return { ...textMessage(t('suggest.submitted_anonymous', { id: s.id, code })), sensitive: true };
    return textMessage(t('suggest.submitted', { id: s.id }));
  }

  async function fromCommand(ctx: CommandContext): Promise<Message> {
    const words = ctx.args.positional;
    if (words.length === 0) return suggestForm(ctx.t);
    const anonymous = ['anonymous', 'anon', '匿名'].includes(words[0]!.toLowerCase());
    const text = (anonymous ? words.slice(1) : words).join(' ').trim();
    return submit(ctx, text, anonymous);
  }

  async function fromForm(ctx: CommandContext, values: Record<string, string>): Promise<FormOutcome> {
    const text = (values.text ?? '').trim();
    if (text.length < 10) return { errors: { text: ctx.t('suggest.too_short') } };
    if (text.length > 2000) return { errors: { text: ctx.t('error.too_long', { length: text.length, max: 2000 }) } };
    return { done: await submit(ctx, text, values.anonymous === 'yes') };
  }

  async function review(ctx: CommandContext): Promise<Message> {
    const s = await numbered(ctx);
    await ensureOverseer(ctx);
    const done = await repo.transition(ctx.org.id, s.id, ['submitted'], { status: 'under_review', reviewedAt: ctx.clock.now() }, ctx.actor.id, 'suggestion.review');
    if (!done) throw new HearthError('invalid_argument', 'suggest.wrong_step', { id: s.id, status: ctx.t(statusKey(s.status)) });
    await tellAuthor(ctx.messenger, ctx.store, done, `suggest.reviewing:${s.id}`, (t) => t('suggest.author_review', { id: s.id }));
    return textMessage(ctx.t('suggest.now', { id: s.id, status: ctx.t('suggest.status_under_review') }));
  }

  async function adopt(ctx: CommandContext): Promise<Message> {
    const s = await numbered(ctx);
    await ensureOverseer(ctx);
    const ownerToken = ctx.args.options.owner;
    if (!ownerToken) throw new HearthError('usage', 'error.missing_argument', { what: 'owner:@name' });
    const owner = await ctx.findMember(ownerToken);
    if (!owner) throw unknownMember(ownerToken);
    const due = calendarDate(ctx.args.options.due, 'due:YYYY-MM-DD');
    if (due <= DateTime.fromJSDate(ctx.clock.now(), { zone: ctx.org.timezone }).toISODate()!) throw new HearthError('invalid_argument', 'error.in_past', { value: due });
    const done = await repo.transition(ctx.org.id, s.id, ['submitted', 'under_review'], { status: 'adopted', ownerId: owner.id, dueDate: due, adoptedAt: ctx.clock.now() }, ctx.actor.id, 'suggestion.adopt');
    if (!done) throw new HearthError('invalid_argument', 'suggest.wrong_step', { id: s.id, status: ctx.t(statusKey(s.status)) });
    await tellAuthor(ctx.messenger, ctx.store, done, `suggest.adopted:${s.id}`, (t) => t('suggest.author_adopted', { id: s.id, owner: owner.name, due, points: settings.adoptionPoints }));
    await ctx.messenger.toMember(owner, textMessage(translatorFor(owner.locale)('suggest.owner_told', { id: s.id, text: s.text, due })), `suggest.owner:${s.id}:${owner.id}`);
    await reward(ctx, done);
    return textMessage(ctx.t('suggest.adopted', { id: s.id, owner: owner.name, due }));
  }

  /** Points for the author and a public thank-you where everyone sees it; once per suggestion. */
  async function reward(ctx: CommandContext, s: SuggestionRecord): Promise<void> {
    const author = s.authorId ? await ctx.store.findMemberById(s.authorId) : null;
    if (author) await points.award(ctx.org.id, author.id, settings.adoptionPoints, 'suggestion', String(s.id), ctx.clock.now());
    const ot = translatorFor(ctx.org.locale);
    const text = ot('suggest.public_adopted', { id: s.id, who: author?.name ?? ot('suggest.anonymous'), text: s.text, points: author ? settings.adoptionPoints : 0 });
    await ctx.messenger.toChannel(generalChannel, { text, blocks: [{ type: 'header', text: ot('suggest.public_title') }, { type: 'text', text }] }, `suggest.public:${s.id}`);
  }

  async function implement(ctx: CommandContext): Promise<Message> {
    const s = await numbered(ctx);
    if (s.ownerId !== ctx.actor.id) await ensureOverseer(ctx);
    const done = await repo.transition(ctx.org.id, s.id, ['adopted'], { status: 'implemented', implementedAt: ctx.clock.now() }, ctx.actor.id, 'suggestion.implement');
    if (!done) throw new HearthError('invalid_argument', 'suggest.wrong_step', { id: s.id, status: ctx.t(statusKey(s.status)) });
    await tellAuthor(ctx.messenger, ctx.store, done, `suggest.implemented:${s.id}`, (t) => t('suggest.author_implemented', { id: s.id }));
    const teams = await ctx.store.listTeams(ctx.org.id);
    const channel = s.teamId ? channelName(teams.find((x) => x.id === s.teamId)?.name ?? '') : generalChannel;
    await ctx.messenger.toChannel(channel, textMessage(translatorFor(ctx.org.locale)('suggest.public_implemented', { id: s.id, text: s.text })), `suggest.implemented-post:${s.id}`);
    return textMessage(ctx.t('suggest.now', { id: s.id, status: ctx.t('suggest.status_implemented') }));
  }

  async function decline(ctx: CommandContext): Promise<Message> {
    const s = await numbered(ctx);
    await ensureOverseer(ctx);
    const reason = (ctx.args.options.reason ?? ctx.args.positional.slice(1).join(' ')).trim();
    if (reason.length < 5) throw new HearthError('usage', 'suggest.reason_needed');
    const done = await repo.transition(ctx.org.id, s.id, ['submitted', 'under_review'], { status: 'declined', reason, declinedAt: ctx.clock.now() }, ctx.actor.id, 'suggestion.decline');
    if (!done) throw new HearthError('invalid_argument', 'suggest.wrong_step', { id: s.id, status: ctx.t(statusKey(s.status)) });
    await tellAuthor(ctx.messenger, ctx.store, done, `suggest.declined:${s.id}`, (t) => t('suggest.author_declined', { id: s.id, reason }));
    return textMessage(ctx.t('suggest.now', { id: s.id, status: ctx.t('suggest.status_declined') }));
  }

  function line(t: Translate, s: SuggestionRecord, names: Map<string, string>): string {
    const who = s.anonymous ? t('suggest.anonymous') : (names.get(s.authorId ?? '') ?? '?');
    const extra = s.status === 'adopted' ? t('suggest.line_owner', { owner: names.get(s.ownerId ?? '') ?? '?', due: s.dueDate ?? '' }) : s.status === 'declined' ? ` (${s.reason ?? ''})` : '';
    return `#${s.id} · ${t(statusKey(s.status))}${extra} · ${who}: ${s.text.length > 120 ? `${s.text.slice(0, 117)}…` : s.text}`;
  }

  async function list(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const wanted = args.positional[0]?.toLowerCase().replace('-', '_');
    const statuses: SuggestionStatus[] = ['submitted', 'under_review', 'adopted', 'implemented', 'declined'];
    const status = statuses.find((s) => s === wanted);
    if (wanted && wanted !== 'mine' && !status) throw new HearthError('usage', 'suggest.bad_status', { value: wanted.slice(0, 20), statuses: statuses.join(', ') });
    const rows = await repo.list(ctx.org.id, { ...(status ? { status } : {}), ...(wanted === 'mine' ? { authorId: ctx.actor.id } : {}), limit: 20 });
    if (rows.length === 0) return textMessage(t('suggest.none'));
    const names = new Map((await ctx.store.listMembers(ctx.org.id)).map((m) => [m.id, m.name]));
    const lines = rows.map((s) => line(t, s, names));
    return { text: [t('suggest.list_title'), ...lines].join('\n'), blocks: [{ type: 'header', text: t('suggest.list_title') }, { type: 'text', text: lines.join('\n') }] };
  }

  /** An anonymous author follows their suggestion with its code. */
  async function status(ctx: CommandContext): Promise<Message> {
    const code = ctx.args.positional[0];
    if (!code) throw new HearthError('usage', 'error.missing_argument', { what: ctx.t('suggest.code') });
    const s = await repo.findByReceipt(ctx.org.id, hashCode(code));
    if (!s) throw new HearthError('not_found', 'suggest.bad_code');
    const names = new Map((await ctx.store.listMembers(ctx.org.id)).map((m) => [m.id, m.name]));
    return { ...textMessage(line(ctx.t, s, names)), sensitive: true };
  }

  /** Quarterly figures everyone may see: how many ideas, how many adopted and implemented, how fast. */
  async function stats(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const zone = ctx.org.timezone;
    const now = DateTime.fromJSDate(ctx.clock.now(), { zone });
    const match = /^(\d{4})-?q([1-4])$/i.exec(args.options.quarter ?? `${now.year}-Q${now.quarter}`);
    if (!match) throw new HearthError('invalid_argument', 'suggest.bad_quarter', { value: (args.options.quarter ?? '').slice(0, 20) });
    const from = DateTime.fromObject({ year: Number(match[1]), month: (Number(match[2]) - 1) * 3 + 1, day: 1 }, { zone });
    const quarter = `${match[1]}-Q${match[2]}`;
    const team = args.options.team ? await teamFor(ctx, args.options.team) : null;
    const all = (await repo.createdBetween(ctx.org.id, from.toJSDate(), from.plus({ months: 3 }).toJSDate())).filter((s) => !team || s.teamId === team.id);
    const adopted = all.filter((s) => s.status === 'adopted' || s.status === 'implemented');
    const implemented = all.filter((s) => s.status === 'implemented');
    const lines = [t('suggest.stats', { quarter, scope: team?.name ?? t('holiday.everyone'), total: all.length, adopted: adopted.length, implemented: implemented.length })];
    if (all.length > 0) lines.push(t('suggest.stats_rate', { rate: Math.round((adopted.length / all.length) * 100) }));
    if (implemented.length > 0) {
      const days = implemented.map((s) => (s.implementedAt!.getTime() - s.createdAt.getTime()) / 86_400_000).sort((a, b) => a - b);
      lines.push(t('suggest.stats_time', { days: Math.round(days[Math.floor(days.length / 2)]!) }));
    }
    if (!team) {
      for (const x of await ctx.store.listTeams(ctx.org.id)) {
        const ofTeam = all.filter((s) => s.teamId === x.id);
        if (ofTeam.length > 0) lines.push(t('suggest.stats_team', { team: x.name, total: ofTeam.length, adopted: ofTeam.filter((s) => s.status === 'adopted' || s.status === 'implemented').length }));
      }
    }
    return textMessage(lines.join('\n'));
  }

  return { fromCommand, fromForm, review, adopt, implement, decline, list, status, stats, namesOf };
}

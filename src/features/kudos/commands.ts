/**
 * `/kudos`: recognition posted where the team sees it. Anyone thanks anyone else for one of the
 * organisation's values; each person recognised earns points; a monthly leaderboard celebrates
 * the top without ever naming the bottom; a daily limit keeps it meaningful.
 */
import { DateTime } from 'luxon';
import type { CommandContext, FormOutcome } from '../../core/command.ts';
import type { Member } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor, type Translate } from '../../core/i18n/index.ts';
import { formMessage, type Message, textMessage } from '../../core/message.ts';
import { channelName, generalChannel } from '../common/channel.ts';
import { calendarMonth, unknownMember } from '../common/scope.ts';
import type { KudosRepo } from './repo.ts';

export interface KudosSettings {
  /** The values people are thanked for: slugs of the defaults, or the organisation's own words. */
  values: string[];
  /** People one person may recognise per day. */
  dailyLimit: number;
  /** Points a recognised person earns per kudos. */
  points: number;
}

export const defaultValues = ['helped-a-teammate', 'customer-hero', 'great-idea', 'learned-something-new', 'stepped-up'];
const fors = ['for', '因为', '感谢'];
export const kudosFormId = 'kudos.form';
/** How long the same thanks to the same people counts as the same kudos. */
const sameKudosWindowMs = 10 * 60_000;

const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/** A value's label in a reader's language (the defaults are translated; an organisation's own are as written). */
function valueLabel(t: Translate, value: string): string {
  return defaultValues.includes(value) ? t(`kudos.value_${value.replace(/-/g, '_')}` as 'kudos.value_great_idea') : value;
}

export function createKudosCommands(repo: KudosRepo, settings: KudosSettings) {
  /** The value the words after "for" start with (slug or label, any language), and the rest. */
  function readValue(t: Translate, words: string[]): { value: string; message: string } {
    for (let n = Math.min(words.length, 5); n >= 1; n--) {
      const head = normalise(words.slice(0, n).join(' '));
      const value = settings.values.find((v) => [v, valueLabel(translatorFor('en'), v), valueLabel(translatorFor('zh-CN'), v)].some((name) => normalise(name) === head));
      if (value) return { value, message: words.slice(n).join(' ').trim() };
    }
    throw new HearthError('invalid_argument', 'kudos.bad_value', { values: settings.values.map((v) => valueLabel(t, v)).join(', ') });
  }

  function startOfDay(member: Member, now: Date): DateTime {
    return DateTime.fromJSDate(now, { zone: member.timezone }).startOf('day');
  }

  async function give(ctx: CommandContext): Promise<Message> {
    const words = ctx.args.positional;
    if (words.length === 0) return kudosForm(ctx.t);
    return post(ctx, words);
  }

  /** The form for those who would rather not type the command: who, which value, what they did. */
  function kudosForm(t: Translate): Message {
    return formMessage({ id: kudosFormId, title: t('kudos.form_title'), submitLabel: t('kudos.form_submit'), cancelLabel: t('settings.cancel') }, [
      { type: 'input', id: 'who', label: t('kudos.form_who'), kind: 'text', placeholder: '@Ana, ben.carter@example.com', maxLength: 500 },
      { type: 'input', id: 'value', label: t('kudos.value'), kind: 'select', options: settings.values.map((v) => ({ value: v, label: valueLabel(t, v) })), initial: settings.values[0] },
      { type: 'input', id: 'message', label: t('kudos.form_message'), kind: 'textarea', maxLength: 500 },
    ]);
  }

  async function fromForm(ctx: CommandContext, values: Record<string, string>): Promise<FormOutcome> {
    const who = (values.who ?? '').split(/[,，\s]+/).filter(Boolean);
    const errors: Record<string, string> = {};
    if (who.length === 0) errors.who = ctx.t('kudos.how');
    if (!settings.values.includes(values.value ?? '')) errors.value = ctx.t('kudos.bad_value', { values: settings.values.map((v) => valueLabel(ctx.t, v)).join(', ') });
    if ((values.message ?? '').trim().length < 3) errors.message = ctx.t('kudos.no_message');
    if (Object.keys(errors).length > 0) return { errors };
    try {
      return { done: await post(ctx, [...who, 'for', values.value!, values.message!.trim()]) };
    } catch (error) {
      // A person who cannot be found, or the daily limit: shown on the field it concerns.
      if (error instanceof HearthError) return { errors: { [error.key === 'kudos.limit' ? 'message' : 'who']: ctx.t(error.key, error.params) } };
      throw error;
    }
  }

  async function post(ctx: CommandContext, words: string[]): Promise<Message> {
    const { t, actor } = ctx;
    const at = words.findIndex((w) => fors.includes(w.toLowerCase()));
    if (at < 1) throw new HearthError('usage', 'kudos.how');
    const recipients: Member[] = [];
    for (const token of words.slice(0, at)) {
      const member = await ctx.findMember(token);
      if (!member) throw unknownMember(token);
      if (member.id === actor.id) throw new HearthError('invalid_argument', 'kudos.self');
      if (!recipients.some((r) => r.id === member.id)) recipients.push(member);
    }
    const { value, message } = readValue(t, words.slice(at + 1));
    if (message.length < 3) throw new HearthError('usage', 'kudos.no_message');
    if (message.length > 500) throw new HearthError('invalid_argument', 'error.too_long', { length: message.length, max: 500 });
    const now = ctx.clock.now();
    const dayStart = startOfDay(actor, now);
    const given = await repo.givenSince(actor.id, dayStart.toJSDate());
    const resets = dayStart.plus({ days: 1 });
    const hours = Math.max(1, Math.ceil(resets.diff(DateTime.fromJSDate(now), 'hours').hours));
    const kudos = { giverId: actor.id, value, message, recipientIds: recipients.map((r) => r.id) };
    // The same thanks again within minutes is the same kudos: sent twice by a double press, or
    // sent again after "try again" when the database went away between saving it and queueing
    // its posts. It is not counted twice; its posts are queued under the same keys, so each goes
    // out once.
    const again = await repo.sameSince(kudos, new Date(now.getTime() - sameKudosWindowMs));
    const counted = again ? given - recipients.length : given;
    if (!again && given + recipients.length > settings.dailyLimit) {
      throw new HearthError('invalid_argument', 'kudos.limit', { limit: settings.dailyLimit, left: Math.max(0, settings.dailyLimit - given), hours });
    }
    const id = again ?? (await repo.give({ ...kudos, orgId: ctx.org.id, points: settings.points, at: now }));
    const names = recipients.map((r) => r.name).join(', ');
    // The card goes where each recognised person's team sees it (and the giver's).
    const teams = await ctx.store.listTeams(ctx.org.id);
    const channels = new Set([actor, ...recipients].map((m) => (m.teamId ? channelName(teams.find((x) => x.id === m.teamId)?.name ?? '') : generalChannel)));
    const ot = translatorFor(ctx.org.locale);
    for (const channel of channels) await ctx.messenger.toChannel(channel, card(ot, actor.name, names, value, message), `kudos.post:${id}:${channel}`);
    for (const r of recipients) {
      const rt = translatorFor(r.locale);
      await ctx.messenger.toMember(r, card(rt, actor.name, names, value, message, true), `kudos.dm:${id}:${r.id}`);
    }
    const left = settings.dailyLimit - counted - recipients.length;
    return textMessage([t('kudos.sent', { names, value: valueLabel(t, value) }), ...(left === 0 ? [t('kudos.last_today', { hours })] : [])].join('\n'));
  }

  function card(t: Translate, giver: string, names: string, value: string, message: string, personal = false): Message {
    const title = t(personal ? 'kudos.dm_title' : 'kudos.card_title', { giver, names });
    const label = valueLabel(t, value);
    return {
      text: `${title}\n${label}: ${message}`,
      blocks: [{ type: 'header', text: `🎉 ${title}` }, { type: 'fields', fields: [{ label: t('kudos.value'), value: label }] }, { type: 'text', text: `> ${message}` }],
    };
  }

  /** The month's top, never the bottom: the first places, and how many others were thanked. */
  async function leaderboard(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const zone = ctx.org.timezone;
    const month = args.options.month ? calendarMonth(args.options.month) : DateTime.fromJSDate(ctx.clock.now(), { zone }).toFormat('yyyy-MM');
    const from = DateTime.fromISO(`${month}-01`, { zone });
    const ranking = (await repo.pointsBetween(ctx.org.id, from.toJSDate(), from.plus({ months: 1 }).toJSDate())).filter((r) => r.points > 0);
    if (ranking.length === 0) return textMessage(t('kudos.board_empty', { month }));
    const members = new Map((await ctx.store.listMembers(ctx.org.id)).map((m) => [m.id, m.name]));
    ranking.sort((a, b) => b.points - a.points || (members.get(a.memberId) ?? '').localeCompare(members.get(b.memberId) ?? ''));
    const top = ranking.slice(0, Math.min(10, Math.ceil(ranking.length / 2)));
    const medals = ['🥇', '🥈', '🥉'];
    const lines = top.map((r, i) => `${medals[i] ?? '⭐'} ${members.get(r.memberId) ?? '?'} · ${t('kudos.points', { points: r.points })}`);
    const others = ranking.length - top.length;
    const title = t('kudos.board_title', { month });
    const footer = others > 0 ? t('kudos.board_others', { count: others }) : t('kudos.board_all');
    return { text: [title, ...lines, footer].join('\n'), blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }, { type: 'context', text: footer }] };
  }

  async function values(ctx: CommandContext): Promise<Message> {
    return textMessage(ctx.t('kudos.values', { values: settings.values.map((v) => valueLabel(ctx.t, v)).join(', '), limit: settings.dailyLimit }));
  }

  async function mine(ctx: CommandContext): Promise<Message> {
    const { t } = ctx;
    const since = DateTime.fromJSDate(ctx.clock.now(), { zone: ctx.actor.timezone }).minus({ days: 30 }).toJSDate();
    const received = await repo.receivedSince(ctx.actor.id, since, 20);
    if (received.length === 0) return textMessage(t('kudos.mine_none'));
    const names = new Map((await ctx.store.listMembers(ctx.org.id)).map((m) => [m.id, m.name]));
    const lines = received.map((k) => `${names.get(k.giverId) ?? '?'} · ${valueLabel(t, k.value)}: ${k.message}`);
    return textMessage([t('kudos.mine_title', { count: received.length }), ...lines].join('\n'));
  }

  /** Home-view lines: the thanks a person received in the last two weeks. */
  async function recent(ctx: Pick<CommandContext, 'actor' | 'org' | 'clock' | 't' | 'store'>): Promise<string[]> {
    const since = new Date(ctx.clock.now().getTime() - 14 * 86_400_000);
    const received = await repo.receivedSince(ctx.actor.id, since, 5);
    const names = new Map((await ctx.store.listMembers(ctx.org.id)).map((m) => [m.id, m.name]));
    return received.map((k) => ctx.t('kudos.home', { giver: names.get(k.giverId) ?? '?', value: valueLabel(ctx.t, k.value) }));
  }

  return { give, fromForm, leaderboard, values, mine, recent };
}

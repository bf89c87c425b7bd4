/**
 * Slack's payloads, validated with zod and turned into the core's event union. Pure: Bolt hands
 * over what it parsed and verified; nothing here talks to Slack. Anything unexpected becomes
 * `unsupported` with a description for the log, never an exception.
 */
import { z } from 'zod';
import type { PlatformUser } from '../../src/core/domain.ts';
import type { InboundEvent } from '../../src/core/ports.ts';
import { actionIdOf, valuesOf } from './render.ts';

const slashCommand = z.object({
  command: z.string().regex(/^\/\S+$/),
  text: z.string().default(''),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  team_id: z.string().min(1),
});

const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional(), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullable().optional(),
  actions: z.array(z.object({ action_id: z.string().min(1), value: z.string().optional(), action_ts: z.string().optional() })).min(1),
});

const viewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1), username: z.string().optional(), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullable().optional(),
  view: z.object({ callback_id: z.string().min(1), state: z.unknown() }),
});

const messageEvent = z.object({
  type: z.literal('message'),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  text: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  ts: z.string(),
  /** With subtype `file_share`: files sent with the message (a roster CSV). */
  files: z.array(z.object({ name: z.string().max(255).default('file'), size: z.number().int().nonnegative().optional(), url_private_download: z.string().url().optional() })).max(20).optional(),
});

const mentionEvent = z.object({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
});

const homeEvent = z.object({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: z.string().optional() });

/** Slack escapes these three in the text it sends; people typed the characters themselves. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const unsupported = (description: string): InboundEvent => ({ kind: 'unsupported', platform: 'slack', description });

function user(teamId: string, userId: string, displayName?: string): PlatformUser {
  return { platform: 'slack', workspace: teamId, userId, ...(displayName ? { displayName } : {}) };
}

/** `/hearth roster Billing` → the core's `hearth roster Billing`. */
export function parseSlashCommand(body: unknown): InboundEvent {
  const parsed = slashCommand.safeParse(body);
  if (!parsed.success) return unsupported(`malformed slash command: ${parsed.error.issues[0]?.message}`);
  const { command, text, user_id, user_name, team_id } = parsed.data;
  return { kind: 'command', user: user(team_id, user_id, user_name), text: `${command.slice(1)} ${unescapeSlack(text)}`.trim() };
}

export function parseBlockAction(body: unknown): InboundEvent {
  const parsed = blockActions.safeParse(body);
  if (!parsed.success) return unsupported(`malformed block action: ${parsed.error.issues[0]?.message}`);
  const { user: u, team, actions } = parsed.data;
  const teamId = team?.id ?? u.team_id;
  if (!teamId) return unsupported('block action without a team');
  const action = actions[0]!;
  const value = action.value === '-' ? '' : (action.value ?? '');
  return { kind: 'action', user: user(teamId, u.id, u.username ?? u.name), actionId: actionIdOf(action.action_id), value };
}

/** A submitted modal: its fields as a `submit` event; the confirmation goes to the person's DM. */
export function parseViewSubmission(body: unknown): InboundEvent {
  const parsed = viewSubmission.safeParse(body);
  if (!parsed.success) return unsupported(`malformed view_submission: ${parsed.error.issues[0]?.message}`);
  const { user: u, team, view } = parsed.data;
  const teamId = team?.id ?? u.team_id;
  if (!teamId) return unsupported('view_submission without a team');
  return {
    kind: 'submit', user: user(teamId, u.id, u.username), formId: view.callback_id, values: valuesOf(view.state),
    replyTo: { kind: 'dm', userId: u.id, workspace: teamId },
  };
}

export interface EventContext {
  teamId: string;
  eventId?: string;
  botUserId?: string;
}

/** An Events API `event`: DMs and mentions become commands, App Home opening a home view. */
export function parseEvent(event: unknown, context: EventContext): InboundEvent {
  const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  const id = context.eventId ? { id: context.eventId } : {};
  if (type === 'message') {
    const parsed = messageEvent.safeParse(event);
    if (!parsed.success) return unsupported(`malformed message event: ${parsed.error.issues[0]?.message}`);
    const m = parsed.data;
    const ordinary = !m.subtype || m.subtype === 'file_share';
    if (m.bot_id || !ordinary || !m.user || m.user === context.botUserId) return unsupported(`message ${m.subtype ?? 'from a bot'} ignored`);
    if (m.channel_type !== 'im') return unsupported(`message in ${m.channel_type ?? 'unknown'} channel ignored`);
    const files = (m.files ?? []).flatMap((f) => (f.url_private_download ? [{ name: f.name, size: f.size ?? null, url: f.url_private_download }] : []));
    return {
      kind: 'command', ...id, user: user(context.teamId, m.user), text: unescapeSlack(m.text ?? ''),
      ...(files.length > 0 ? { files } : {}),
      replyTo: { kind: 'channel', channel: m.channel, workspace: context.teamId },
    };
  }
  if (type === 'app_mention') {
    const parsed = mentionEvent.safeParse(event);
    if (!parsed.success) return unsupported(`malformed app_mention: ${parsed.error.issues[0]?.message}`);
    const m = parsed.data;
    if (m.bot_id) return unsupported('mention from a bot ignored');
    const text = unescapeSlack(m.text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>[\s:,]*/i, ''));
    return {
      kind: 'command', ...id, user: user(context.teamId, m.user), text,
      replyTo: { kind: 'channel', channel: m.channel, workspace: context.teamId, threadId: m.thread_ts ?? m.ts },
    };
  }
  if (type === 'app_home_opened') {
    const parsed = homeEvent.safeParse(event);
    if (!parsed.success) return unsupported(`malformed app_home_opened: ${parsed.error.issues[0]?.message}`);
    if (parsed.data.tab && parsed.data.tab !== 'home') return unsupported(`app_home_opened on the ${parsed.data.tab} tab ignored`);
    return { kind: 'home', ...id, user: user(context.teamId, parsed.data.user) };
  }
  return unsupported(`event ${String(type)} not handled`);
}

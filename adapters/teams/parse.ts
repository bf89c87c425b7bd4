/**
 * Bot Framework activities from Teams, validated with zod and turned into the core's events.
 * Pure: the transport (CloudAdapter) has authenticated and parsed the request.
 */
import { z } from 'zod';
import type { PlatformUser } from '../../src/core/domain.ts';
import type { InboundEvent } from '../../src/core/ports.ts';

const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

const activity = z.object({
  type: z.string(),
  id: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  from: account,
  recipient: account.optional(),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  action: z.string().optional(),
  name: z.string().optional(),
  membersAdded: z.array(account).optional(),
  entities: z.array(z.object({ type: z.string(), text: z.string().optional(), mentioned: account.optional() }).passthrough()).optional(),
  attachments: z.array(z.object({ contentType: z.string(), name: z.string().optional(), content: z.unknown().optional() }).passthrough()).max(20).optional(),
});

/** A file sent to the bot in a personal chat (the manifest's `supportsFiles`): a pre-authorised download link. */
const fileDownload = z.object({ downloadUrl: z.string().url() });
const fileDownloadType = 'application/vnd.microsoft.teams.file.download.info';

const submitted = z.object({
  hearth: z.union([z.object({ action: z.string().min(1), value: z.string().default('') }), z.object({ form: z.string().min(1) })]),
});

/** The id Hearth knows a Teams user by: the Entra object id when Teams gives it, else the channel id. */
export function teamsUserId(from: { id: string; aadObjectId?: string }): string {
  return from.aadObjectId ?? from.id;
}

type Mention = { text?: string | undefined; mentioned?: { id: string; name?: string | undefined; aadObjectId?: string | undefined } | undefined };

/**
 * Teams marks mentions up as `<at>Name</at>` in `text`, with an entity per mention naming who.
 * The bot's own mention is dropped (`<at>Hearth</at> kudos …` → `kudos …`); anyone else becomes
 * the core's platform-neutral mention token, `<@id|Name>`, resolved like Slack's.
 */
export function mentionsToTokens(text: string, entities: Mention[] = [], botId?: string): string {
  let out = text;
  for (const entity of entities) {
    if (!entity.text || !entity.mentioned) continue;
    const { mentioned } = entity;
    const token = mentioned.id === botId ? ' ' : ` <@${teamsUserId(mentioned)}|${(mentioned.name ?? '').replace(/[|>]/g, '')}> `;
    // A function, so a name holding `$&` or `$'` is inserted as typed, not as a replacement pattern.
    out = out.replace(entity.text, () => token);
  }
  // Markup without an entity (older clients, the Emulator) is dropped, as the bot's own.
  return out.replace(/<at>[^<]*<\/at>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The invoke Teams sends for an `Action.Execute` button. */
export const adaptiveCardActionInvoke = 'adaptiveCard/action';

const unsupported = (description: string): InboundEvent => ({ kind: 'unsupported', platform: 'teams', description });

export function parseActivity(raw: unknown, workspace: string): InboundEvent {
  const parsed = activity.safeParse(raw);
  if (!parsed.success) return unsupported(`malformed activity: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const a = parsed.data;
  const user: PlatformUser = { platform: 'teams', workspace, userId: teamsUserId(a.from), ...(a.from.name ? { displayName: a.from.name } : {}) };
  const id = a.id ? { id: a.id } : {};
  // Installed in a personal scope, or the bot joined a 1:1 chat: the person is now reachable.
  const personal = a.conversation.conversationType === 'personal';
  const installed = a.type === 'installationUpdate' && (a.action === 'add' || a.action === 'add-upgrade');
  const botJoined = a.type === 'conversationUpdate' && a.membersAdded?.some((m) => m.id === a.recipient?.id);
  if (personal && (installed || botJoined)) return { kind: 'hello', ...id, user };
  if (a.type === 'invoke' && a.name === adaptiveCardActionInvoke) {
    // Universal Actions: `value.action` is the Action.Execute, with the button's data.
    const execute = z.object({ action: z.object({ type: z.literal('Action.Execute'), data: submitted }) }).safeParse(a.value);
    if (!execute.success) return unsupported('card action without hearth data');
    const hearth = execute.data.action.data.hearth;
    if (!('action' in hearth)) return unsupported('card action without a hearth action');
    return { kind: 'action', ...id, user, actionId: hearth.action, value: hearth.value };
  }
  if (a.type !== 'message') return unsupported(`${a.type} activity`);
  if (a.value !== undefined && a.value !== null) {
    const card = submitted.safeParse(a.value);
    if (!card.success) return unsupported('card submit without hearth data');
    if ('action' in card.data.hearth) return { kind: 'action', ...id, user, actionId: card.data.hearth.action, value: card.data.hearth.value };
    const values: Record<string, string> = {};
    for (const [key, v] of Object.entries(a.value as Record<string, unknown>)) if (key !== 'hearth') values[key] = v == null ? '' : String(v);
    return { kind: 'submit', ...id, user, formId: card.data.hearth.form, values };
  }
  const text = mentionsToTokens(a.text ?? '', a.entities?.filter((e) => e.type === 'mention'), a.recipient?.id);
  const files = (a.attachments ?? []).flatMap((attachment) => {
    const content = attachment.contentType === fileDownloadType ? fileDownload.safeParse(attachment.content) : undefined;
    return content?.success ? [{ name: (attachment.name ?? 'file').slice(0, 255), size: null, url: content.data.downloadUrl }] : [];
  });
  return { kind: 'command', ...id, user, text, ...(files.length > 0 ? { files } : {}) };
}

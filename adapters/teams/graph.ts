/**
 * Reading a Teams conversation back through Microsoft Graph, so a delivery that may already have
 * gone is not sent twice. The Bot Connector cannot say whether an activity arrived: a crash (or a
 * lost answer) between Teams taking a message and Hearth recording it leaves the delivery to be
 * tried again. Before that second try, Hearth lists the conversation's newest messages and looks
 * for the delivery's key, which every card carries (`deliveryKeyOf` in render.ts).
 *
 * Hearth reads with its own app-only token (client credentials, the bot's app id and password),
 * under the resource-specific consent the app manifest asks for: `ChatMessage.Read.Chat` in group
 * chats, `ChannelMessage.Read.Group` in teams. Teams grants `.Chat` permissions in personal chats
 * no more, so reading 1:1 chats needs the tenant-wide `Chat.Read.WhereInstalled` (admin
 * consent). When Graph cannot answer (no consent, throttled, unreachable) the message is sent: a
 * possible duplicate is better than a lost message, and the reason is logged once per conversation.
 */
import type { Destination, Logger } from '../../src/core/ports.ts';
import { deliveryKeyOf } from './render.ts';

export interface GraphSettings {
  appId: string;
  appPassword: string;
  /** A single-tenant bot's tenant; a multi-tenant bot asks for a token in the conversation's tenant. */
  tenantId?: string;
  /** Graph's base, `https://graph.microsoft.com/v1.0/` unless a national cloud's (or a test's fake). */
  graphUrl?: string;
  /** Entra ID's login host, `https://login.microsoftonline.com/` unless a national cloud's. */
  loginUrl?: string;
}

export interface ReadBackConfig extends GraphSettings {
  logger: Logger;
  /** Longest Retry-After a throttled Graph gets waited for before the message is sent anyway. */
  maxWaitMs?: number;
}

/** Where Graph keeps a conversation: a chat (1:1 or group), or a channel of a team, maybe a thread in it. */
export type GraphConversation =
  | { kind: 'chat'; chatId: string; tenantId?: string }
  | { kind: 'channel'; teamId: string; channelId: string; threadId?: string; tenantId?: string };

export type ReadBack = { answer: 'delivered' } | { answer: 'absent' } | { answer: 'unknown'; reason: string };

/** The part of a stored conversation reference the mapping needs. */
export interface ReferenceLike {
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Bot Framework conversation as Graph names it. Group chats and channels already have Graph's
 * `19:…` ids (a channel's without the `;messageid=` of a thread). A personal chat may come as
 * `a:…`, which Graph does not know; its Graph id is `19:{user's Entra id}_{bot's app id}@unq.gbl.spaces`.
 * A channel needs its team's Entra group id, which Teams sends in `channelData.team.aadGroupId`.
 */
export function toGraphConversation(
  reference: ReferenceLike,
  destination: Destination,
  appId: string,
  teamGroupId?: string | null,
): { conversation: GraphConversation } | { reason: string } {
  const id = reference.conversation?.id ?? '';
  const tenant = reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {};
  if (reference.conversation?.conversationType === 'channel') {
    if (!teamGroupId) return { reason: 'the team’s Entra group id is not known yet (Teams sends it with the next activity from the team)' };
    const [channelId, ...rest] = id.split(';');
    const threadId = (destination.kind === 'channel' ? destination.threadId : undefined) ?? /^messageid=(.+)$/.exec(rest.join(';'))?.[1];
    return { conversation: { kind: 'channel', teamId: teamGroupId, channelId: channelId!, ...(threadId ? { threadId } : {}), ...tenant } };
  }
  if (id.startsWith('19:')) return { conversation: { kind: 'chat', chatId: id, ...tenant } };
  if (destination.kind === 'dm' && guid.test(destination.userId) && appId) {
    return { conversation: { kind: 'chat', chatId: `19:${destination.userId}_${appId}@unq.gbl.spaces`, ...tenant } };
  }
  return { reason: 'this conversation has no Graph id Hearth can work out' };
}

/** Graph could not answer; `retryAfterMs` when it asked to be asked again later (429, 503). */
class GraphUnavailable extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export interface ReadBackCheck {
  /** True when the delivery is already in the conversation; false when it is not, or Graph cannot say. */
  alreadySent(reference: ReferenceLike, destination: Destination, key: string, teamGroupId?: string | null): Promise<boolean>;
  /** Asks Graph alone, without the fallback: for tests and diagnostics. */
  read(conversation: GraphConversation, key: string): Promise<ReadBack>;
}

export function createReadBack(config: ReadBackConfig): ReadBackCheck {
  const { logger } = config;
  const graphUrl = withSlash(config.graphUrl ?? 'https://graph.microsoft.com/v1.0/');
  const loginUrl = withSlash(config.loginUrl ?? 'https://login.microsoftonline.com/');
  // Graph's token audience is its origin (graph.microsoft.com, graph.microsoft.us, …).
  const scope = `${new URL(graphUrl).origin}/.default`;
  const maxWaitMs = config.maxWaitMs ?? 10_000;
  const tokens = new Map<string, Promise<{ token: string; expiresAt: number }>>();
  const warned = new Set<string>();

  /** An app-only token for the tenant, shared by concurrent reads and renewed five minutes before it expires. */
  async function token(tenant: string): Promise<string> {
    const cached = tokens.get(tenant);
    if (cached) {
      const got = await cached.catch(() => undefined);
      if (got && got.expiresAt - 300_000 > Date.now()) return got.token;
      if (tokens.get(tenant) === cached) tokens.delete(tenant);
    }
    // Another read may have asked for a new one meanwhile: share it.
    const request = tokens.get(tenant) ?? requestToken(tenant);
    tokens.set(tenant, request);
    return (await request).token;
  }

  async function requestToken(tenant: string): Promise<{ token: string; expiresAt: number }> {
    const response = await fetch(`${loginUrl}${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.appId, client_secret: config.appPassword, scope }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new GraphUnavailable(`the login endpoint did not answer (${error instanceof Error ? error.name : 'error'})`);
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !body.access_token) {
      tokens.delete(tenant);
      // Only Entra's error code: its description can name the app and tenant, and is not needed.
      throw new GraphUnavailable(`the token request was refused (${response.status} ${body.error ?? ''})`.replace(' )', ')'), response.status === 429 ? retryAfterMs(response) : undefined);
    }
    return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
  }

  function messagesUrl(c: GraphConversation): string {
    const e = encodeURIComponent;
    if (c.kind === 'chat') return `${graphUrl}chats/${e(c.chatId)}/messages?$top=50&$orderby=createdDateTime desc`;
    const channel = `${graphUrl}teams/${e(c.teamId)}/channels/${e(c.channelId)}/messages`;
    return c.threadId ? `${channel}/${e(c.threadId)}/replies?$top=50` : `${channel}?$top=50`;
  }

  async function list(conversation: GraphConversation): Promise<Array<{ attachments?: Array<{ contentType?: string; content?: string | null }> }>> {
    const tenant = config.tenantId ?? conversation.tenantId;
    if (!tenant) throw new GraphUnavailable('no tenant to ask Graph in (set MicrosoftAppTenantId)');
    const auth = await token(tenant);
    let response: Response;
    try {
      response = await fetch(messagesUrl(conversation), { headers: { authorization: `Bearer ${auth}` }, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new GraphUnavailable(`Graph did not answer (${error instanceof Error ? error.name : 'error'})`);
    }
    if (response.status === 401) tokens.delete(tenant);
    if (response.status === 403) throw new GraphUnavailable('Graph refused to read the conversation (403): grant the app’s permission to read its chats (see README, "Connect Teams")');
    if (!response.ok) throw new GraphUnavailable(`Graph answered ${response.status}`, response.status === 429 || response.status === 503 ? retryAfterMs(response) : undefined);
    return ((await response.json()) as { value?: [] }).value ?? [];
  }

  async function read(conversation: GraphConversation, key: string): Promise<ReadBack> {
    for (let tries = 1; ; tries += 1) {
      try {
        const messages = await list(conversation);
        const found = messages.some((m) => (m.attachments ?? []).some((a) => {
          if (typeof a.content !== 'string') return false;
          try {
            return deliveryKeyOf(JSON.parse(a.content)) === key;
          } catch {
            return false;
          }
        }));
        return { answer: found ? 'delivered' : 'absent' };
      } catch (error) {
        const unavailable = error instanceof GraphUnavailable ? error : new GraphUnavailable(`Graph could not be read (${error instanceof Error ? error.name : 'error'})`);
        // Throttled: wait as asked, once, if that is short; a long wait would hold the lane up.
        if (tries === 1 && unavailable.retryAfterMs !== undefined && unavailable.retryAfterMs <= maxWaitMs) {
          await new Promise((resolve) => setTimeout(resolve, unavailable.retryAfterMs));
          continue;
        }
        return { answer: 'unknown', reason: unavailable.message };
      }
    }
  }

  return {
    read,
    async alreadySent(reference, destination, key, teamGroupId) {
      const target = toGraphConversation(reference, destination, config.appId, teamGroupId);
      const result = 'reason' in target ? { answer: 'unknown' as const, reason: target.reason } : await read(target.conversation, key);
      if (result.answer === 'unknown') {
        const where = reference.conversation?.id ?? key;
        if (!warned.has(where)) {
          warned.add(where);
          logger.warn({ platform: 'teams', deliveryKey: key, reason: result.reason }, 'teams: could not check whether a message was already sent; sending it (it may arrive twice)');
        }
      }
      return result.answer === 'delivered';
    },
  };
}

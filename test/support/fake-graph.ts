/**
 * A fake Microsoft Graph (and the Entra ID token endpoint Hearth asks for Graph tokens), on
 * localhost, serving what the fake Bot Connector took as Graph would show it: each activity a
 * chatMessage whose Adaptive Card attachment's `content` is the card's JSON as a string. Personal
 * chats the connector knows as `a:personal-{aad}` are Graph's `19:{aad}_{appId}@unq.gbl.spaces`;
 * channel posts are listed under their team's Entra group id, thread replies under `/replies`.
 * It can refuse a conversation (403, resource-specific consent not granted) or answer 429.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeTeams, Sent } from './fake-teams.ts';

export interface FakeGraphOptions {
  connector: FakeTeams;
  appId: string;
  appPassword: string;
  /** Team Entra group id by channel id (`19:…@thread.tacv2`), as Teams sends in `channelData.team.aadGroupId`. */
  teams?: Record<string, string>;
}

export interface FakeGraph {
  /** HEARTH_GRAPH_URL for Hearth. */
  url: string;
  /** HEARTH_TEAMS_LOGIN_URL for Hearth. */
  loginUrl: string;
  /** Access tokens issued, in order. */
  issued: string[];
  /** Message listings asked for (paths, decoded), in order. */
  reads: string[];
  /** Answers the next listings with these statuses (then as usual). */
  failNext(...failures: Array<{ status: number; retryAfter?: number }>): void;
  /** Refuses to list this Graph conversation (a chat id, or `teams/{group}/channels/{channel}`), as without consent. */
  forbid(where: string): void;
  close(): Promise<void>;
}

/** Where Graph keeps what the connector took for a conversation: a chat, or a channel (and its thread). */
function locate(conversationId: string, appId: string, teams: Record<string, string>): string {
  const personal = /^a:personal-(.+)$/.exec(conversationId);
  if (personal) return `chats/19:${personal[1]}_${appId}@unq.gbl.spaces/messages`;
  const [channel, thread] = conversationId.split(';messageid=');
  const group = teams[channel!];
  if (group) return `teams/${group}/channels/${channel}/messages${thread ? `/${thread}/replies` : ''}`;
  return `chats/${conversationId}/messages`;
}

/** A chatMessage as Graph returns it for a bot's card (only the fields a reader needs, and a few around them). */
function chatMessage(s: Sent, index: number, appId: string): Record<string, unknown> {
  const attachments = (s.activity.attachments ?? []).map((a, i) => ({
    id: `att-${index}-${i}`, contentType: a.contentType, contentUrl: null, content: JSON.stringify(a.content), name: null, thumbnailUrl: null,
  }));
  return {
    id: String(1_764_579_600_000 + index), messageType: 'message', createdDateTime: new Date(s.at).toISOString(), deletedDateTime: null,
    from: { user: null, application: { id: appId, displayName: 'Hearth', applicationIdentityType: 'bot' } },
    body: { contentType: 'html', content: attachments.map((a) => `<attachment id="${a.id}"></attachment>`).join('') },
    attachments,
  };
}

export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const { connector, appId, appPassword } = options;
  const teams = options.teams ?? {};
  const issued: string[] = [];
  const reads: string[] = [];
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  const forbidden = new Set<string>();
  let origin = '';

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', origin);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

    // Entra ID's client-credentials grant, as the v2.0 token endpoint answers it.
    if (req.method === 'POST' && /^\/login\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== appId || form.get('client_secret') !== appPassword) {
        return reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      if (form.get('scope') !== `${origin}/.default`) return reply(400, { error: 'invalid_scope', error_description: 'AADSTS70011: The provided scope is not valid.' });
      const token = `graph-token-${issued.length + 1}`;
      issued.push(token);
      return reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }

    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0\//, ''));
    if (req.method !== 'GET' || !url.pathname.startsWith('/v1.0/')) return reply(404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
    if (!issued.includes((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
    }
    reads.push(path);
    const failure = failures.shift();
    if (failure) return reply(failure.status, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    if ([...forbidden].some((where) => path.startsWith(where) || path.startsWith(`chats/${where}`))) {
      return reply(403, { error: { code: 'Forbidden', message: "Missing role permissions on the request. API requires one of 'ChatMessage.Read.Chat, Chat.Read.WhereInstalled, Chat.Read.All'. Resource specific consent grants on the request ''." } });
    }
    const top = Math.min(Number(url.searchParams.get('$top') ?? '20'), 50);
    // Newest first, as Graph lists a chat with $orderby=createdDateTime desc.
    const value = connector.sent
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => locate(s.conversationId, appId, teams) === path)
      .reverse()
      .slice(0, top)
      .map(({ s, i }) => chatMessage(s, i, appId));
    return reply(200, { '@odata.context': `${origin}/v1.0/$metadata#chats('…')/messages`, '@odata.count': value.length, value });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/v1.0/`,
    loginUrl: `${origin}/login/`,
    issued,
    reads,
    failNext: (...f) => failures.push(...f),
    forbid: (where) => forbidden.add(where),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

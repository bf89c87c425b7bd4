/**
 * A fake Bot Framework Connector on localhost, where Teams activities' `serviceUrl` points: it
 * takes replies and proactive messages, answers member lookups (TeamsInfo), enforces Teams'
 * limits (7 messages a second, 8 in 2 and 60 in 30 per conversation; 30 a second per tenant) with
 * 429 + Retry-After, and can be told to fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimits } from '../../src/core/pacer.ts';
import { createLimiter } from './limiter.ts';

export interface FakeTeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

export interface Sent {
  conversationId: string;
  /** When it was taken (epoch ms). */
  at: number;
  replyToId?: string;
  activity: {
    type: string;
    summary?: string;
    text?: string;
    attachments?: Array<{ contentType: string; content: { body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>>; fallbackText?: string } }>;
  };
}

export interface FakeTeams {
  serviceUrl: string;
  sent: Sent[];
  statuses: number[];
  /** Entra ids of the people Hearth opened a 1:1 chat with. */
  created: string[];
  failNext(...failures: Array<{ status: number; retryAfter?: number }>): void;
  close(): Promise<void>;
}

export async function startFakeTeams(members: FakeTeamsMember[], options: { limits?: RateLimits } = {}): Promise<FakeTeams> {
  const sent: Sent[] = [];
  const statuses: number[] = [];
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  const created: string[] = [];
  const limiter = createLimiter(options.limits ?? {
    perConversation: [{ count: 7, ms: 1000 }, { count: 8, ms: 2000 }, { count: 60, ms: 30_000 }],
    shared: [{ count: 30, ms: 1000 }],
  });
  let seq = 0;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      statuses.push(status);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    // A team's roster, a page at a time, as TeamsInfo.getPagedTeamMembers reads it.
    const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(url.pathname);
    if (paged && req.method === 'GET') {
      const size = Number(url.searchParams.get('pageSize') ?? '50');
      const start = Number(url.searchParams.get('continuationToken') ?? '0');
      const page = members.slice(start, start + size).map((m) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId, email: m.email, userPrincipalName: m.email }));
      return reply(200, { members: page, ...(start + size < members.length ? { continuationToken: String(start + size) } : {}) });
    }
    // A bot opening a 1:1 chat with someone (CreateConversation).
    if (url.pathname === '/v3/conversations' && req.method === 'POST') {
      const params = JSON.parse(raw) as { members?: Array<{ id: string }> };
      const who = members.find((m) => m.id === params.members?.[0]?.id || m.aadObjectId === params.members?.[0]?.id);
      if (!who) return reply(400, { error: { code: 'BadArgument', message: 'unknown member' } });
      created.push(who.aadObjectId);
      return reply(201, { id: `a:personal-${who.aadObjectId}`, serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    }
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(url.pathname);
    if (member && req.method === 'GET') {
      const id = decodeURIComponent(member[2]!);
      const found = members.find((m) => m.id === id || m.aadObjectId === id);
      return found
        ? reply(200, { id: found.id, name: found.name, aadObjectId: found.aadObjectId, email: found.email, userPrincipalName: found.email })
        : reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } });
    }
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (activities && (req.method === 'POST' || req.method === 'PUT')) {
      const failure = failures.shift();
      if (failure) {
        return reply(failure.status, { error: { code: 'Throttled', message: 'throttled' } }, failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {});
      }
      const conversationId = decodeURIComponent(activities[1]!);
      const at = Date.now();
      if (!limiter.admit(conversationId, at)) return reply(429, { error: { code: 'Throttled', message: 'too many requests' } }, { 'retry-after': '1' });
      const activity = JSON.parse(raw) as Sent['activity'];
      sent.push({ conversationId, at, ...(activities[2] ? { replyToId: decodeURIComponent(activities[2]) } : {}), activity });
      return reply(200, { id: `act-${++seq}` });
    }
    reply(404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    sent,
    statuses,
    created,
    failNext: (...f) => failures.push(...f),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The text a person would read: the card's fallback text. */
export function cardText(s: Sent): string {
  return s.activity.attachments?.[0]?.content.fallbackText ?? s.activity.text ?? '';
}

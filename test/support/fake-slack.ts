/**
 * A fake Slack Web API on localhost that behaves like Slack where Hearth can tell: bearer-token
 * auth, `ok:false` errors, per-channel rate limits on chat.postMessage answered with 429 and
 * `Retry-After`, message metadata kept for conversations.history, and response_url endpoints.
 * It also signs requests to Hearth the way Slack does.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RateLimits } from '../../src/core/pacer.ts';
import { createLimiter } from './limiter.ts';

export interface FakeUser {
  id: string;
  email: string;
  name: string;
}

export interface Posted {
  method: string;
  channel: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  ts: string;
  /** When it was taken (epoch ms). */
  at: number;
}

export interface FakeSlackOptions {
  token?: string;
  /** The app-level token that may open Socket Mode connections. */
  appToken?: string;
  teamId?: string;
  users?: FakeUser[];
  /**
   * chat.postMessage limits, answered with 429 and Retry-After: Slack's about one a second per
   * channel, and (its number unpublished) 600 a minute, evenly, per workspace.
   */
  limits?: RateLimits;
  /** Delay before answering a Web API call that has already taken effect, as over a slow network. */
  responseDelayMs?: number;
  now?: () => number;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  posted: Posted[];
  responses: Array<{ id: string; body: Record<string, unknown>; at: number }>;
  views: Array<{ user_id: string; view: { type: string; blocks: Array<Record<string, unknown>> } }>;
  /** Modals opened with views.open. */
  opened: Array<{ trigger_id: string; view: Record<string, unknown> }>;
  calls: Array<{ method: string; status: number }>;
  /**
   * The next calls of `method` fail like this, in order. `response_url` names posts to response
   * URLs; only those can drop the connection before answering (nothing posted).
   */
  failNext(method: string, ...failures: Failure[]): void;
  responseUrl(id: string): string;
  /** Socket Mode: resolves once a client has connected and been greeted. */
  socketConnected(): Promise<void>;
  /** A file as a person's upload: the object Slack puts in a `file_share` message's `files`. */
  hostFile(name: string, content: string | Buffer, options?: { withoutScope?: boolean }): { id: string; name: string; size: number; url_private_download: string } & Record<string, unknown>;
  /** Cuts the Socket Mode link as a network drop would; the client reconnects by itself. */
  dropSocket(): void;
  /** Socket Mode: sends an envelope and resolves with the client's acknowledgement. */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

type Failure = { status: 429; retryAfter: number } | { error: string } | { status: 500 | 503 } | { drop: true };

/** Slack's rule: a response_url takes five replies, within thirty minutes. */
const responseUrlUses = 5;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decode(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = options.token ?? 'xoxb-fake-token';
  const teamId = options.teamId ?? 'T0FAKE1';
  const users = options.users ?? [];
  const limiter = createLimiter(options.limits ?? { perConversation: [{ count: 1, ms: 1000 }], shared: [{ count: 10, ms: 1000 }] });
  const now = options.now ?? Date.now;
  const posted: Posted[] = [];
  const responses: FakeSlack['responses'] = [];
  const views: FakeSlack['views'] = [];
  const calls: FakeSlack['calls'] = [];
  const opened: FakeSlack['opened'] = [];
  const failures = new Map<string, Failure[]>();
  let seq = 0;
  const files = new Map<string, { content: Buffer; withoutScope: boolean }>();

  const dmChannelOf = (userId: string) => `D${userId.slice(1)}`;

  function api(method: string, args: Record<string, unknown>): { status: number; headers?: Record<string, string>; json: Record<string, unknown> } {
    const failure = failures.get(method)?.shift();
    if (failure && 'retryAfter' in failure) {
      return { status: 429, headers: { 'retry-after': String(failure.retryAfter) }, json: { ok: false, error: 'ratelimited' } };
    }
    if (failure && 'status' in failure) return { status: failure.status, json: { ok: false, error: 'internal_error' } };
    if (failure && 'error' in failure) return { status: 200, json: { ok: false, error: failure.error } };
    const user = (id: unknown) => users.find((u) => u.id === id);
    switch (method) {
      case 'auth.test':
        return { status: 200, json: { ok: true, url: 'https://fake.slack.com/', team: 'Fake Co', team_id: teamId, user: 'hearth', user_id: 'U0BOT', bot_id: 'B0BOT' } };
      case 'users.info': {
        const u = user(args.user);
        return u
          ? { status: 200, json: { ok: true, user: { id: u.id, name: u.name, team_id: teamId, profile: { email: u.email, real_name: u.name } } } }
          : { status: 200, json: { ok: false, error: 'user_not_found' } };
      }
      case 'users.lookupByEmail': {
        const u = users.find((x) => x.email === args.email);
        return u ? { status: 200, json: { ok: true, user: { id: u.id, name: u.name } } } : { status: 200, json: { ok: false, error: 'users_not_found' } };
      }
      case 'conversations.open':
        return { status: 200, json: { ok: true, channel: { id: dmChannelOf(String(args.users)) } } };
      case 'conversations.history': {
        const channel = String(args.channel);
        const messages = posted
          .filter((p) => p.channel === channel || dmChannelOf(p.channel) === channel)
          .map((p) => ({ type: 'message', ts: p.ts, text: p.text, ...(p.metadata ? { metadata: p.metadata } : {}) }))
          .reverse();
        return { status: 200, json: { ok: true, messages } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const channel = String(args.channel ?? '');
        if (!channel) return { status: 200, json: { ok: false, error: 'channel_not_found' } };
        if (channel.startsWith('C0GONE')) return { status: 200, json: { ok: false, error: 'channel_not_found' } };
        if (!args.text && !args.blocks) return { status: 200, json: { ok: false, error: 'no_text' } };
        const blocks = (args.blocks ?? []) as Array<Record<string, unknown>>;
        if (blocks.length > 50) return { status: 200, json: { ok: false, error: 'invalid_blocks' } };
        const t = now();
        if (method === 'chat.postMessage' && !limiter.admit(channel, t)) {
          return { status: 429, headers: { 'retry-after': '1' }, json: { ok: false, error: 'ratelimited' } };
        }
        const ts = `${Math.floor(t / 1000)}.${String(++seq).padStart(6, '0')}`;
        posted.push({
          method, channel, text: String(args.text ?? ''), blocks, ts, at: t,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.metadata ? { metadata: args.metadata as Posted['metadata'] } : {}),
        });
        return { status: 200, json: { ok: true, channel: channel.startsWith('U') ? dmChannelOf(channel) : channel, ts } };
      }
      case 'views.open':
        if (!args.trigger_id) return { status: 200, json: { ok: false, error: 'invalid_trigger_id' } };
        opened.push({ trigger_id: String(args.trigger_id), view: args.view as Record<string, unknown> });
        return { status: 200, json: { ok: true, view: { id: `V${++seq}` } } };
      case 'views.publish':
        views.push({ user_id: String(args.user_id), view: args.view as FakeSlack['views'][number]['view'] });
        return { status: 200, json: { ok: true, view: { id: `V${++seq}` } } };
      default:
        return { status: 200, json: { ok: false, error: 'unknown_method' } };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await body(req);
    const file = /^\/files-pri\/([^/]+)\//.exec(url.pathname);
    if (file && req.method === 'GET') {
      const hosted = files.get(file[1]!);
      // As Slack does: without a token allowed to read files, its sign-in page, not an error.
      if (!hosted || req.headers.authorization !== `Bearer ${token}` || hosted.withoutScope) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      } else {
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(hosted.content.length) }).end(hosted.content);
      }
      return;
    }
    const respondUrl = /^\/respond\/(.+)$/.exec(url.pathname);
    if (respondUrl && req.method === 'POST') {
      const id = respondUrl[1]!;
      const failure = failures.get('response_url')?.shift();
      // Status 0 in `calls`: the connection was dropped without an answer.
      const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
        calls.push({ method: 'response_url', status });
        if (status === 0) req.socket.destroy();
        else res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
      };
      if (failure && 'drop' in failure) answer(0, '');
      else if (failure && 'retryAfter' in failure) answer(429, 'rate_limited', { 'retry-after': String(failure.retryAfter) });
      else if (failure && 'status' in failure) answer(failure.status, 'internal_error');
      else if (responses.filter((r) => r.id === id).length >= responseUrlUses) answer(404, 'used_url');
      else {
        responses.push({ id, body: JSON.parse(raw) as Record<string, unknown>, at: Date.now() });
        answer(200, 'ok');
      }
      return;
    }
    const method = /^\/api\/(.+)$/.exec(url.pathname)?.[1];
    if (!method) {
      res.writeHead(404).end();
      return;
    }
    const args = decode(req.headers['content-type'], raw);
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    const result =
      method === 'apps.connections.open'
        ? bearer === options.appToken && options.appToken
          ? { status: 200, json: { ok: true, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link` } }
          : { status: 200, json: { ok: false, error: 'invalid_auth' } }
        : bearer === token
          ? api(method, args)
          : { status: 200, json: { ok: false, error: 'invalid_auth' } };
    calls.push({ method, status: result.status });
    if (options.responseDelayMs) await new Promise((resolve) => setTimeout(resolve, options.responseDelayMs));
    res.writeHead(result.status, { 'content-type': 'application/json', ...result.headers }).end(JSON.stringify(result.json));
  });
  const sockets = new WebSocketServer({ server, path: '/link' });
  let socket: WebSocket | undefined;
  let greeted: () => void = () => {};
  const connected = new Promise<void>((resolve) => (greeted = resolve));
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  sockets.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Record<string, unknown>;
      acks.get(String(ack.envelope_id))?.(ack);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0FAKE' } }));
    greeted();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    posted,
    responses,
    views,
    opened,
    calls,
    failNext(method, ...f) {
      failures.set(method, [...(failures.get(method) ?? []), ...f]);
    },
    responseUrl: (id) => `${url}/respond/${id}`,
    socketConnected: () => connected,
    hostFile(name, content, options = {}) {
      const id = `F${String(++seq).padStart(8, '0')}`;
      const bytes = Buffer.from(content);
      files.set(id, { content: bytes, withoutScope: options.withoutScope ?? false });
      return { id, name, size: bytes.length, mimetype: 'text/csv', filetype: 'csv', url_private_download: `${url}/files-pri/${id}/download/${encodeURIComponent(name)}` };
    },
    dropSocket() {
      socket?.terminate();
      socket = undefined;
    },
    sendEnvelope(type, payload) {
      const envelopeId = `env-${++seq}`;
      return new Promise((resolve, reject) => {
        if (!socket) return reject(new Error('no Socket Mode client connected'));
        acks.set(envelopeId, resolve);
        socket.send(JSON.stringify({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a request to Hearth signed as Slack signs it (v0 HMAC-SHA256 over `v0:ts:body`). */
export async function sendSigned(
  url: string,
  body: string,
  options: { secret: string; contentType: string; timestamp?: number; headers?: Record<string, string>; signature?: string },
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': options.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...options.headers,
    },
  });
}

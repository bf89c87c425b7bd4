/**
 * The local playground: a real adapter over the same core as Slack and Teams, served on
 * Hearth's port for development and demos. People pick who they are from the roster; "sent"
 * messages are kept in the database so the page shows each person's DMs and channel posts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../../src/core/domain.ts';
import type { Message } from '../../src/core/message.ts';
import type { EventHandler, HttpResponse, HttpRoute, PlatformAdapter } from '../../src/core/ports.ts';
import { FileReadError } from '../../src/core/errors.ts';
import { hearthRoot } from '../../src/infra/paths.ts';
import { parseAction, parseCommand, parseSubmit, playgroundWorkspace, type Parsed } from './parse.ts';
import { renderMessage } from './render.ts';
import type { InboundEvent } from '../../src/core/ports.ts';

/** Where the playground keeps what it has delivered. */
export interface PlaygroundLog {
  /** Stores a delivered message once per delivery key. */
  append(address: string, payload: string, key: string): Promise<void>;
  /** Replaces a stored message with its new version (a card whose answer was taken). */
  replace(id: number, payload: string): Promise<void>;
  /** Messages after `after` in this person's DM or in any channel. */
  feed(dmAddress: string, after: number, limit: number): Promise<Array<{ id: number; address: string; payload: string; createdAt: Date }>>;
}

export interface PlaygroundPerson {
  email: string;
  name: string;
  role: Role;
  team: string | null;
  locale: string;
}

export interface PlaygroundConfig {
  log: PlaygroundLog;
  /** The roster to pick from, and the channels to show. */
  directory: { people(): Promise<PlaygroundPerson[]>; channels(): Promise<string[]> };
}

const pagePath = join(hearthRoot, 'adapters', 'playground', 'page.html');

function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(value) };
}

export function createPlaygroundAdapter(config: PlaygroundConfig): PlatformAdapter {
  let handler: EventHandler | undefined;

  async function run(parsed: Parsed<InboundEvent & { messageId?: number }>): Promise<HttpResponse> {
    if (!parsed.ok) return json(400, { error: parsed.error });
    if (!handler) return json(503, { error: 'Hearth is starting' });
    const result = await handler(parsed.value);
    const messageId = 'messageId' in parsed.value ? parsed.value.messageId : undefined;
    // The card a button was on gets its new version, in the history and on the page.
    if (result.update && typeof messageId === 'number') await config.log.replace(messageId, JSON.stringify(renderMessage(result.update)));
    return json(200, {
      replies: result.replies.map(renderMessage),
      ...(result.update ? { update: renderMessage(result.update) } : {}),
      ...(result.errors ? { errors: result.errors } : {}),
    });
  }

  const routes: HttpRoute[] = [
    { method: 'GET', path: '/', handle: async () => ({ status: 302, headers: { location: '/playground' }, body: '' }) },
    {
      method: 'GET',
      path: '/playground',
      handle: async () => ({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'" },
        body: await readFile(pagePath),
      }),
    },
    {
      method: 'GET',
      path: '/playground/api/roster',
      handle: async () => json(200, { members: await config.directory.people(), channels: await config.directory.channels() }),
    },
    { method: 'POST', path: '/playground/api/command', handle: async (req) => run(parseCommand(req.body)) },
    { method: 'POST', path: '/playground/api/action', handle: async (req) => run(parseAction(req.body)) },
    { method: 'POST', path: '/playground/api/submit', handle: async (req) => run(parseSubmit(req.body)) },
    {
      method: 'GET',
      path: '/playground/api/feed',
      handle: async (req) => {
        const as = (req.query.get('as') ?? '').trim().toLowerCase();
        const after = Number(req.query.get('after') ?? '0');
        if (!as) return json(400, { error: 'as: required (the email of the person you are)' });
        if (!Number.isSafeInteger(after) || after < 0) return json(400, { error: 'after: must be a message id' });
        const rows = await config.log.feed(`dm:${as}`, after, 500);
        return json(200, {
          messages: rows.map((r) => ({ id: r.id, address: r.address, createdAt: r.createdAt.toISOString(), message: JSON.parse(r.payload) as Message })),
        });
      },
    },
  ];

  return {
    platform: 'playground',
    workspace: playgroundWorkspace,
    workspaceName: 'Playground',
    routes,
    async start(h) {
      handler = h;
    },
    async send(destination, message, { key }) {
      const address = destination.kind === 'dm' ? `dm:${destination.userId}` : `channel:${destination.channel}`;
      await config.log.append(address, JSON.stringify(renderMessage(message)), key);
    },
    // Everyone on the roster is in the playground; their user id is their email.
    async lookupUserByEmail(email) {
      return email;
    },
    // Files come inline from the page, so "reading" one is decoding it.
    async readFile(file, maxBytes) {
      const inline = /^data:[^;,]*;base64,(.*)$/.exec(file.url);
      if (!inline) throw new FileReadError('unreadable', 'not an inline file');
      const bytes = Buffer.from(inline[1]!, 'base64');
      if (bytes.length > maxBytes) throw new FileReadError('too_large');
      return bytes;
    },
    async stop() {
      handler = undefined;
    },
  };
}

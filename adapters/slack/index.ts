/**
 * Hearth as a Slack app, through Bolt. HTTP mode mounts Bolt's own receiver (signature and
 * timestamp checks included) at `POST /slack/events` on Hearth's port; Socket Mode connects out
 * with an app token instead. Every command is acknowledged at once and answered after, so
 * Slack's 3-second limit is never the core's problem.
 */
import {
  App, defaultBodyLimit, ErrorCode, HTTPModuleFunctions, HTTPReceiver, isRawBodyError, LogLevel, SocketModeReceiver,
  type Logger as BoltLogger, type Receiver, type ReceiverProcessEventErrorHandlerArgs, type RespondFn,
} from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { untraced, type Destination, type EventHandler, type Logger, type PlatformAdapter, type PlatformConnection, type Traced } from '../../src/core/ports.ts';
import { toDeliveryError, slackErrorCode } from './errors.ts';
import { FileReadError } from '../../src/core/errors.ts';
import { fetchFile } from '../fetch-file.ts';
import { createPacer, type RateLimits } from '../../src/core/pacer.ts';
import type { Message } from '../../src/core/message.ts';
import { parseBlockAction, parseEvent, parseSlashCommand, parseViewSubmission } from './parse.ts';
import { renderBlocks, renderMessage, renderModal } from './render.ts';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set for Socket Mode (`xapp-…`): no public URL needed. */
  appToken?: string;
  /** Web API base URL: Enterprise proxies, GovSlack, or a local fake in tests. */
  apiUrl?: string;
  logger: Logger;
  /** How fast to post; Slack's limits unless a test says otherwise. */
  limits?: RateLimits;
  /** Gives each event an id in the logs (HTTP requests already have one; Socket Mode events need it). */
  traced?: Traced;
}

/**
 * Slack's chat.postMessage limits: about one message a second per channel, and a workspace-wide
 * limit that Slack's method reference puts at "several hundred messages per minute" without a
 * number. Hearth assumes 600 a minute, evenly; if a workspace allows less, Slack's 429 and
 * Retry-After slow Hearth down through the delivery queue.
 */
export const slackLimits: RateLimits = {
  perConversation: [{ count: 1, ms: 1000 }],
  shared: [{ count: 10, ms: 1000 }],
};

export const slackEventsPath = '/slack/events';
const deliveryEventType = 'hearth_delivery';

/** Bolt's log lines in Hearth's log. Its debug lines carry request bodies (people's words): dropped. */
function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  const text = (args: unknown[]) => ({ detail: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ') });
  return {
    debug: () => {},
    info: (...args) => log.info(text(args)),
    warn: (...args) => log.warn(text(args)),
    error: (...args) => log.error(text(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export type SlackAdapter = PlatformAdapter & { readonly botUserId: string };

/**
 * What Bolt's receiver does not check before it trusts a request:
 * - a timestamp more than five minutes ahead (Bolt refuses only old ones; Slack's rule is five
 *   minutes either way, so a signed request cannot be kept and replayed later);
 * - a body that is not an object (`null`, a number): Bolt reads `body.ssl_check` from it in a
 *   promise nobody catches, which would end the process.
 * The body is buffered here the way Bolt buffers it, so Bolt reads it from the buffer; the
 * signature and staleness checks stay Bolt's.
 */
function guardRequests(listener: (request: IncomingMessage, response: ServerResponse) => void) {
  const refuse = (response: ServerResponse, status: number, reason: string) => response.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (Number(request.headers['x-slack-request-timestamp']) > Date.now() / 1000 + 5 * 60) {
      refuse(response, 401, 'x-slack-request-timestamp is more than five minutes ahead');
      return;
    }
    HTTPModuleFunctions.bufferIncomingMessage(request, defaultBodyLimit).then(
      (buffered) => {
        let body: unknown = {};
        try {
          body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
        } catch {
          // Not JSON where JSON belongs: Bolt answers that with its own 400 (or 401 unsigned).
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) refuse(response, 400, 'the body is not a Slack payload');
        else listener(buffered, response);
      },
      (error: unknown) => refuse(response, isRawBodyError(error) && error.type === 'entity.too.large' ? 413 : 400, 'the body could not be read'),
    );
  };
}

/**
 * A signed request Bolt could not process before any listener ran: a payload of a shape Slack
 * does not send (an event that is not an object, a view without a user). Bolt answers 500; it is
 * the request that is wrong, so 400, and a line in the log without the body.
 */
function malformedRequest(logger: Logger) {
  return async ({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    const code = (error as { code?: string }).code;
    logger.warn({ platform: 'slack', code, problem: error.message }, 'slack request could not be processed');
    if (!response.headersSent) response.writeHead(code === ErrorCode.AuthorizationError ? 401 : 400).end();
    return true;
  };
}

/** Connects to Slack (auth.test tells which workspace and bot this token is) and returns the adapter. */
export async function createSlackAdapter(config: SlackConfig): Promise<SlackAdapter> {
  const { logger } = config;
  const apiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  // Lookups while someone waits for an answer (users.info, views.publish) may retry briefly,
  // honouring Retry-After; deliveries never do, because the queue owns their retries and waits,
  // which then survive a restart.
  const clientOptions = { ...apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000 } };
  const socketMode = Boolean(config.appToken);
  const receiver: Receiver & Partial<Pick<HTTPReceiver, 'requestListener'>> = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken!,
        logger: boltLogger(logger),
        // Bolt passes the Socket Mode client's Web API options through its installer options.
        ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
      })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: slackEventsPath,
        processBeforeResponse: false,
        processEventErrorHandler: malformedRequest(logger),
        logger: boltLogger(logger),
      });
  const app = new App({ token: config.botToken, receiver, clientOptions, logger: boltLogger(logger), deferInitialization: true });
  await app.init();
  const traced = config.traced ?? untraced;
  // Bolt runs the listeners inside the last middleware's next(), so the id follows them.
  app.use(({ next }) => traced(next));
  const link = watchConnection(receiver, logger);
  const client: WebClient = app.client;
  const deliveryClient = new WebClient(config.botToken, { ...apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: boltLogger(logger) });
  const auth = await client.auth.test();
  const teamId = String(auth.team_id);
  const botUserId = String(auth.user_id);
  const pacer = createPacer(config.limits ?? slackLimits);

  /** After a crash a delivery may already be in Slack: look for its key before sending again. */
  async function alreadyPosted(channel: string, key: string): Promise<boolean> {
    const conversation = channel.startsWith('U') || channel.startsWith('W')
      ? String((await deliveryClient.conversations.open({ users: channel })).channel?.id)
      : channel;
    const history = await deliveryClient.conversations.history({ channel: conversation, limit: 50, include_all_metadata: true });
    return (history.messages ?? []).some(
      (m) => m.metadata?.event_type === deliveryEventType && (m.metadata.event_payload as { key?: string } | undefined)?.key === key,
    );
  }

  /** Shows replies to the person who acted: forms as modals (while the trigger is fresh), the rest ephemerally. */
  async function answer(replies: Message[], triggerId: string | undefined, respond: RespondFn, extra: Record<string, unknown> = {}): Promise<void> {
    for (const reply of replies) {
      if (reply.form && triggerId) {
        await client.views.open({ trigger_id: triggerId, view: renderModal(reply) as never });
      } else {
        await respond({ response_type: 'ephemeral', ...extra, ...renderMessage(reply) });
      }
    }
  }

  /**
   * Replies to an event that would have gone through the delivery queue (a DM, a mention, a form's
   * confirmation) come back here only when the queue could not take them: the database is away
   * and the reply says to try again. They are posted at once, or the person would hear nothing.
   */
  async function replyDirectly(destination: Destination | undefined, replies: Message[]): Promise<void> {
    if (!destination) return;
    const channel = destination.kind === 'dm' ? destination.userId : destination.channel;
    const thread = destination.kind === 'channel' && destination.threadId ? { thread_ts: destination.threadId } : {};
    for (const reply of replies) await client.chat.postMessage({ channel, ...renderMessage(reply), ...thread } as never);
  }

  async function start(handler: EventHandler): Promise<void> {
    app.command(/.*/, async ({ command, ack, respond }) => {
      await ack();
      const result = await handler(parseSlashCommand(command));
      await answer(result.replies, command.trigger_id, respond);
    });
    app.action(/.*/, async ({ body, ack, respond }) => {
      await ack();
      const result = await handler(parseBlockAction(body));
      // The card the button was on, replaced with its new version (an answer marked as taken).
      if (result.update && (body as { response_url?: string }).response_url) await respond({ replace_original: true, ...renderMessage(result.update) });
      await answer(result.replies, (body as { trigger_id?: string }).trigger_id, respond, { replace_original: false });
    });
    app.view(/.*/, async ({ body, ack }) => {
      const parsed = parseViewSubmission(body);
      const result = await handler(parsed);
      // Slack shows these under the fields, in the open modal; anything else closes it.
      if (result.errors) await ack({ response_action: 'errors', errors: result.errors });
      else await ack();
      if (parsed.kind !== 'unsupported') await replyDirectly(parsed.replyTo, result.replies);
    });
    const onEvent = async ({ event, body }: { event: unknown; body: { team_id?: string; event_id?: string } }) => {
      const parsed = parseEvent(event, { teamId: body.team_id ?? teamId, botUserId, ...(body.event_id ? { eventId: body.event_id } : {}) });
      const result = await handler(parsed);
      if (parsed.kind === 'home' && result.replies[0]) {
        await client.views.publish({ user_id: parsed.user.userId, view: { type: 'home', blocks: renderBlocks(result.replies[0], { maxBlocks: 100 }) as never } });
      } else if (parsed.kind !== 'unsupported') {
        await replyDirectly(parsed.replyTo, result.replies);
      }
    };
    app.event('message', onEvent);
    app.event('app_mention', onEvent);
    app.event('app_home_opened', onEvent);
    app.error(async (error) => {
      logger.error({ err: error, code: (error as { code?: string }).code }, 'slack listener failed');
    });
    if (socketMode) await app.start();
  }

  return {
    platform: 'slack',
    workspace: teamId,
    workspaceName: String(auth.team ?? teamId),
    botUserId,
    routes: receiver.requestListener ? [{ method: 'POST', path: slackEventsPath, raw: guardRequests(receiver.requestListener) }] : [],
    start,
    async send(destination, message, { key, attempt }) {
      // A user id as the channel posts to the app's DM with that person, without conversations.open.
      const channel = destination.kind === 'dm' ? destination.userId : destination.channel;
      try {
        if (attempt > 1 && (await alreadyPosted(channel, key))) return;
        await pacer.wait(channel);
        await deliveryClient.chat.postMessage({
          channel,
          ...renderMessage(message),
          ...(destination.kind === 'channel' && destination.threadId ? { thread_ts: destination.threadId } : {}),
          unfurl_links: false,
          metadata: { event_type: deliveryEventType, event_payload: { key } },
        } as never);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async lookupUserByEmail(email) {
      try {
        return (await client.users.lookupByEmail({ email })).user?.id ?? null;
      } catch (error) {
        if (slackErrorCode(error) === 'users_not_found') return null;
        throw error;
      }
    },
    async emailOf(userId) {
      try {
        const info = await client.users.info({ user: userId });
        return info.user?.profile?.email ?? null;
      } catch (error) {
        // A mention of someone who is not (or no longer) in the workspace.
        if (slackErrorCode(error) === 'user_not_found') return null;
        throw error;
      }
    },
    connection: () => link.state,
    async readFile(file, maxBytes) {
      // The bot token goes only to Slack (or the Web API host configured), never to any link.
      if (!slackHosted(file.url, config.apiUrl)) throw new FileReadError('unreadable', 'not a Slack file link');
      if (file.size !== null && file.size > maxBytes) throw new FileReadError('too_large');
      return fetchFile(file.url, maxBytes, { authorization: `Bearer ${config.botToken}` });
    },
    async stop() {
      link.stopping = true;
      if (socketMode) await app.stop();
    },
  };
}

function slackHosted(url: string, apiUrl: string | undefined): boolean {
  try {
    const { protocol, hostname, origin } = new URL(url);
    return (protocol === 'https:' && (hostname === 'slack.com' || hostname.endsWith('.slack.com'))) || (apiUrl !== undefined && origin === new URL(apiUrl).origin);
  } catch {
    return false;
  }
}

/**
 * The Socket Mode link's state, from its client's events: a dropped WebSocket is reconnected by
 * the client, and until then Slack cannot reach Hearth. Over HTTP Slack calls in: always connected.
 */
function watchConnection(receiver: Receiver, logger: Logger): { state: PlatformConnection; stopping: boolean } {
  const link: { state: PlatformConnection; stopping: boolean } = { state: 'connected', stopping: false };
  if (!(receiver instanceof SocketModeReceiver)) return link;
  link.state = 'connecting';
  const client = receiver.client;
  client.on('connected', () => {
    if (link.state !== 'connecting') logger.info({ platform: 'slack' }, 'Socket Mode connection restored');
    link.state = 'connected';
  });
  client.on('close', () => {
    if (link.stopping || link.state !== 'connected') return;
    link.state = 'reconnecting';
    logger.warn({ platform: 'slack' }, 'Socket Mode connection lost; reconnecting');
  });
  client.on('reconnecting', () => (link.state = 'reconnecting'));
  client.on('disconnected', () => (link.state = link.stopping ? link.state : 'disconnected'));
  return link;
}

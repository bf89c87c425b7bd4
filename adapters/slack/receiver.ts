/**
 * Slack's receiving half, which runs on Hearth's edge (the thread that answers HTTP): Bolt's own
 * receiver checks each request's signature and age and acknowledges it, then hands the payload to
 * the Slack adapter in the core (`forward`). Slack waits at most 3 seconds for the acknowledgement,
 * so nothing here touches the database, renders a message or calls Slack: a slash command is
 * acknowledged before the core has seen it. Only a modal's submission waits for the core, since
 * its acknowledgement carries the problems to show under the fields.
 *
 * HTTP mode mounts Bolt's HTTPReceiver at `POST /slack/events` on Hearth's port; Socket Mode
 * connects out with an app token instead, and its link's state is forwarded too, for `/readyz`.
 */
import {
  App, defaultBodyLimit, ErrorCode, HTTPModuleFunctions, HTTPReceiver, isRawBodyError, SocketModeReceiver,
  type BufferedIncomingMessage, type Receiver, type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, PlatformConnection, RawRoute } from '../../src/core/ports.ts';
import { slackLogger } from './log.ts';

export const slackEventsPath = '/slack/events';

/** What the edge hands the core's Slack adapter: a payload Bolt verified, or the link's state. */
export type SlackPayload =
  | { kind: 'command' | 'action' | 'view'; body: Record<string, unknown> }
  | { kind: 'event'; event: unknown; teamId?: string; eventId?: string }
  | { kind: 'link'; state: PlatformConnection };

/** What the core answers: for a modal, the problems to show under its fields. */
export interface SlackIngested {
  errors?: Record<string, string>;
}

export type SlackForward = (payload: SlackPayload, requestId: string) => Promise<SlackIngested>;

export interface SlackReceiverConfig {
  botToken: string;
  signingSecret: string;
  /** Set for Socket Mode (`xapp-…`): no public URL needed. */
  appToken?: string;
  /** Web API base URL (Socket Mode opens its connection through it): a proxy, or a local fake. */
  apiUrl?: string;
  logger: Logger;
}

export interface SlackReceiver {
  /** `POST /slack/events` in HTTP mode; none in Socket Mode. */
  readonly routes: RawRoute[];
  /** Starts taking events (Socket Mode connects). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The request id the edge's HTTP server gave each request, for Bolt to pass on to the listener. */
const requestIds = new WeakMap<IncomingMessage, string>();

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
  return (request: IncomingMessage, response: ServerResponse, requestId: string): void => {
    if (Number(request.headers['x-slack-request-timestamp']) > Date.now() / 1000 + 5 * 60) {
      refuse(response, 401, 'x-slack-request-timestamp is more than five minutes ahead');
      return;
    }
    HTTPModuleFunctions.bufferIncomingMessage(request, defaultBodyLimit).then(
      (buffered) => {
        if (!parsesToObject(buffered)) {
          refuse(response, 400, 'the body is not a Slack payload');
          return;
        }
        requestIds.set(buffered, requestId);
        listener(buffered, response);
      },
      (error: unknown) => refuse(response, isRawBodyError(error) && error.type === 'entity.too.large' ? 413 : 400, 'the body could not be read'),
    );
  };
}

/**
 * Whether Bolt's reading of the body (`parseHTTPRequestBody`) gives an object, without reading it
 * a second time where the answer is already known (Bolt reads a form twice itself): a form without
 * `payload` is always an object, and so is JSON, a body's or a form's `payload`, that starts with
 * `{`, or else Bolt cannot parse it and answers that itself (400, or 401 unsigned).
 */
function parsesToObject(buffered: BufferedIncomingMessage): boolean {
  let json: string;
  if (buffered.headers['content-type'] === 'application/x-www-form-urlencoded') {
    if (!buffered.rawBody.includes('payload=')) return true;
    const { payload } = parseQuery(buffered.rawBody.toString());
    if (typeof payload !== 'string') return true;
    json = payload;
  } else {
    json = buffered.rawBody.toString();
  }
  if (/^[ \t\n\r]*\{/.test(json)) return true;
  try {
    const body: unknown = JSON.parse(json);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return true;
  }
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

/** The Events API events the core handles. */
const forwardedEvents = new Set(['message', 'app_mention', 'app_home_opened']);

export async function createSlackReceiver(config: SlackReceiverConfig, forward: SlackForward): Promise<SlackReceiver> {
  const { logger } = config;
  const socketMode = Boolean(config.appToken);
  // Each listener learns its request's id from here: over HTTP the id the edge gave the request,
  // in Socket Mode (no HTTP request) one of its own per event.
  const customPropertiesExtractor = (request: unknown) => ({ hearthRequestId: requestIds.get(request as IncomingMessage) ?? randomUUID() });
  const receiver: Receiver & Partial<Pick<HTTPReceiver, 'requestListener'>> = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken!,
        logger: slackLogger(logger),
        customPropertiesExtractor,
        // Bolt passes the Socket Mode client's Web API options through its installer options.
        ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
      })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: slackEventsPath,
        processBeforeResponse: false,
        processEventErrorHandler: malformedRequest(logger),
        customPropertiesExtractor,
        logger: slackLogger(logger),
      });
  // The edge never calls Slack: the token is only what Bolt's listeners are given.
  const app = new App({ authorize: async () => ({ botToken: config.botToken }), receiver, ignoreSelf: false, logger: slackLogger(logger) });
  const requestIdOf = (context: Record<string, unknown>) => String(context.hearthRequestId ?? randomUUID());
  // The core logs what it could not handle; the edge only carries on.
  const send = (payload: SlackPayload, requestId: string): Promise<SlackIngested> => forward(payload, requestId).catch(() => ({}));

  // One global middleware hands each payload on, instead of a listener per kind: Bolt runs every
  // listener's middleware chain for every request, each copying its arguments. With six listeners
  // the edge spent 184-248 µs of CPU per slash command at saturation, against 128-137 µs with this
  // one and 129-181 µs for a bare Bolt app (20,000 commands, 50 in flight, one CPU, core left out).
  // What it hands on: slash commands, block actions, modal submissions, and the events the core
  // handles (Bolt acknowledges events itself); anything else is left unacknowledged, as Bolt does
  // when no listener matches.
  app.use(async (args) => {
    const requestId = requestIdOf(args.context);
    if ('command' in args) {
      await args.ack();
      await send({ kind: 'command', body: args.command as unknown as Record<string, unknown> }, requestId);
    } else if ('action' in args && 'action_id' in args.action) {
      await args.ack();
      await send({ kind: 'action', body: args.body as unknown as Record<string, unknown> }, requestId);
    } else if ('view' in args && args.body.type === 'view_submission') {
      const { errors } = await send({ kind: 'view', body: args.body as unknown as Record<string, unknown> }, requestId);
      // Slack shows these under the fields, in the open modal; anything else closes it.
      if (errors) await args.ack({ response_action: 'errors', errors });
      else await args.ack();
    } else if ('event' in args && forwardedEvents.has(args.event.type)) {
      const body = args.body as { team_id?: string; event_id?: string };
      await send({ kind: 'event', event: args.event, ...(body.team_id ? { teamId: body.team_id } : {}), ...(body.event_id ? { eventId: body.event_id } : {}) }, requestId);
    }
  });
  app.error(async (error) => {
    logger.error({ err: error, code: (error as { code?: string }).code }, 'slack listener failed');
  });
  const link = watchConnection(receiver, logger, (state) => void send({ kind: 'link', state }, randomUUID()));

  return {
    routes: receiver.requestListener ? [{ method: 'POST', path: slackEventsPath, raw: guardRequests(receiver.requestListener) }] : [],
    async start() {
      if (socketMode) await app.start();
    },
    async stop() {
      link.stopping = true;
      if (socketMode) await app.stop();
    },
  };
}

/**
 * The Socket Mode link's state, from its client's events: a dropped WebSocket is reconnected by
 * the client, and until then Slack cannot reach Hearth. Over HTTP Slack calls in: always connected.
 */
function watchConnection(receiver: Receiver, logger: Logger, report: (state: PlatformConnection) => void): { stopping: boolean } {
  const link = { state: 'connected' as PlatformConnection, stopping: false };
  if (!(receiver instanceof SocketModeReceiver)) return link;
  const set = (state: PlatformConnection) => {
    if (state === link.state) return;
    link.state = state;
    report(state);
  };
  link.state = 'connecting';
  report('connecting');
  const client = receiver.client;
  client.on('connected', () => {
    if (link.state !== 'connecting') logger.info({ platform: 'slack' }, 'Socket Mode connection restored');
    set('connected');
  });
  client.on('close', () => {
    if (link.stopping || link.state !== 'connected') return;
    logger.warn({ platform: 'slack' }, 'Socket Mode connection lost; reconnecting');
    set('reconnecting');
  });
  client.on('reconnecting', () => set('reconnecting'));
  client.on('disconnected', () => {
    if (!link.stopping) set('disconnected');
  });
  return link;
}

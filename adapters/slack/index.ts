/**
 * Hearth as a Slack app: the half that runs in the core. Slack's requests are received and
 * acknowledged on the edge (receiver.ts), which forwards each payload here (`ingest`): it is
 * parsed, handled by the core, and answered through Slack's Web API and the request's
 * response_url. Outbound messages (the delivery queue's sends), directory lookups and file reads
 * are here too.
 */
import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { EventHandler, Logger, PlatformAdapter, PlatformConnection, Destination } from '../../src/core/ports.ts';
import { toDeliveryError, slackErrorCode } from './errors.ts';
import { FileReadError } from '../../src/core/errors.ts';
import { fetchFile } from '../fetch-file.ts';
import { createPacer, type RateLimits } from '../../src/core/pacer.ts';
import type { Message } from '../../src/core/message.ts';
import { parseBlockAction, parseEvent, parseSlashCommand, parseViewSubmission } from './parse.ts';
import { slackLogger } from './log.ts';
import type { SlackIngested, SlackPayload } from './receiver.ts';
import { renderBlocks, renderMessage, renderModal } from './render.ts';
import { postToResponseUrl } from './respond.ts';

export interface SlackConfig {
  botToken: string;
  /** Web API base URL: Enterprise proxies, GovSlack, or a local fake in tests. */
  apiUrl?: string;
  /** Whether the edge receives over Socket Mode: the link starts as `connecting` until it says otherwise. */
  socketMode?: boolean;
  logger: Logger;
  /** How fast to post; Slack's limits unless a test says otherwise. */
  limits?: RateLimits;
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

const deliveryEventType = 'hearth_delivery';

export type SlackAdapter = PlatformAdapter & {
  readonly botUserId: string;
  /** Takes a payload the edge received and acknowledged (or, for a modal, is about to). */
  ingest(payload: SlackPayload): Promise<SlackIngested>;
};

/** Where Slack says an interaction may be answered: the request's response_url, if it has one. */
const responseUrlOf = z
  .object({ response_url: z.string().url().optional(), response_urls: z.array(z.object({ response_url: z.string().url() })).optional() })
  .transform((b) => b.response_url ?? b.response_urls?.[0]?.response_url);

/** Connects to Slack (auth.test tells which workspace and bot this token is) and returns the adapter. */
export async function createSlackAdapter(config: SlackConfig): Promise<SlackAdapter> {
  const { logger } = config;
  const apiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  // Lookups while someone waits for an answer (users.info, views.publish) may retry briefly,
  // honouring Retry-After; deliveries never do, because the queue owns their retries and waits,
  // which then survive a restart.
  const client = new WebClient(config.botToken, { ...apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000 }, logger: slackLogger(logger) });
  const deliveryClient = new WebClient(config.botToken, { ...apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: slackLogger(logger) });
  const auth = await client.auth.test();
  const teamId = String(auth.team_id);
  const botUserId = String(auth.user_id);
  const pacer = createPacer(config.limits ?? slackLimits);
  // The edge's Socket Mode link, as it last reported it (over HTTP Slack calls in: always connected).
  let link: PlatformConnection = config.socketMode ? 'connecting' : 'connected';
  let handler: EventHandler | undefined;

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

  /**
   * Shows replies to the person who acted: forms as modals (while the trigger is fresh), the rest
   * on the response_url, or as a DM when the interaction has none (a button on the App Home).
   */
  async function answer(replies: Message[], body: Record<string, unknown>, userId: string | undefined, extra: Record<string, unknown> = {}): Promise<void> {
    const url = responseUrlOf.safeParse(body).data;
    const triggerId = typeof body.trigger_id === 'string' ? body.trigger_id : undefined;
    for (const reply of replies) {
      if (reply.form && triggerId) await client.views.open({ trigger_id: triggerId, view: renderModal(reply) as never });
      else if (url) await postToResponseUrl(url, { response_type: 'ephemeral', ...extra, ...renderMessage(reply) }, logger);
      else if (userId) await client.chat.postMessage({ channel: userId, ...renderMessage(reply) } as never);
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

  async function ingest(payload: SlackPayload): Promise<SlackIngested> {
    if (payload.kind === 'link') {
      link = payload.state;
      return {};
    }
    if (!handler) throw new Error('slack: not started');
    switch (payload.kind) {
      case 'command': {
        const event = parseSlashCommand(payload.body);
        const result = await handler(event);
        await answer(result.replies, payload.body, event.kind === 'unsupported' ? undefined : event.user.userId);
        return {};
      }
      case 'action': {
        const event = parseBlockAction(payload.body);
        const result = await handler(event);
        const url = responseUrlOf.safeParse(payload.body).data;
        // The card the button was on, replaced with its new version (an answer marked as taken).
        if (result.update && url) await postToResponseUrl(url, { replace_original: true, ...renderMessage(result.update) }, logger);
        await answer(result.replies, payload.body, event.kind === 'unsupported' ? undefined : event.user.userId, { replace_original: false });
        return {};
      }
      case 'view': {
        const event = parseViewSubmission(payload.body);
        const result = await handler(event);
        if (result.errors) return { errors: result.errors };
        if (event.kind !== 'unsupported') await replyDirectly(event.replyTo, result.replies);
        return {};
      }
      case 'event': {
        const event = parseEvent(payload.event, { teamId: payload.teamId ?? teamId, botUserId, ...(payload.eventId ? { eventId: payload.eventId } : {}) });
        const result = await handler(event);
        if (event.kind === 'home') {
          if (result.replies[0]) {
            await client.views.publish({ user_id: event.user.userId, view: { type: 'home', blocks: renderBlocks(result.replies[0], { maxBlocks: 100 }) as never } });
          }
        } else if (event.kind !== 'unsupported') {
          await replyDirectly(event.replyTo, result.replies);
        }
        return {};
      }
    }
  }

  return {
    platform: 'slack',
    workspace: teamId,
    workspaceName: String(auth.team ?? teamId),
    botUserId,
    routes: [],
    async start(h) {
      handler = h;
    },
    ingest,
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
    connection: () => link,
    async readFile(file, maxBytes) {
      // The bot token goes only to Slack (or the Web API host configured), never to any link.
      if (!slackHosted(file.url, config.apiUrl)) throw new FileReadError('unreadable', 'not a Slack file link');
      if (file.size !== null && file.size > maxBytes) throw new FileReadError('too_large');
      return fetchFile(file.url, maxBytes, { authorization: `Bearer ${config.botToken}` });
    },
    async stop() {},
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

/**
 * Hearth in Microsoft Teams through botbuilder's CloudAdapter at `POST /api/messages`. Every
 * import of botbuilder lives in this folder, behind the core's PlatformAdapter, so moving to the
 * Microsoft 365 Agents SDK or the Teams SDK is a change to this folder alone.
 *
 * Proactive messages (prompts, reminders, digests) use the conversation references stored when
 * Hearth is installed or first spoken to; a person Hearth has no conversation with yet cannot be
 * written to, and the delivery fails permanently with that reason.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsInfo,
  TurnContext,
  type ConversationParameters,
  type ConversationReference,
  type TeamsChannelAccount,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { DeliveryError } from '../../src/core/delivery.ts';
import type { ConversationRefs, EventHandler, HttpRequest, HttpResponse, InboundEvent, Logger, PlatformAdapter } from '../../src/core/ports.ts';
import { textMessage } from '../../src/core/message.ts';
import { FileReadError } from '../../src/core/errors.ts';
import { fetchFile } from '../fetch-file.ts';
import { createPacer, type RateLimits } from '../../src/core/pacer.ts';
import { adaptiveCardActionInvoke, parseActivity, teamsUserId } from './parse.ts';
import { createReadBack, type GraphSettings } from './graph.ts';
import { adaptiveCardContentType, renderActivity, renderCard } from './render.ts';

export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Bot Framework Emulator and tests: no authentication. Never in production. */
  noAuth?: boolean;
  /** botbuilder's endpoint settings (`ToBotFromChannelOpenIdMetadataUrl`…) for another cloud; the rest keep the public cloud's. */
  endpoints?: Record<string, string>;
  logger: Logger;
  refs: ConversationRefs;
  /** How fast to send; Teams' limits unless a test says otherwise. */
  limits?: RateLimits;
  /** Microsoft Graph, to read a conversation back before sending a delivery again (graph.ts); without it, a retry just sends. */
  graph?: GraphSettings;
}

export const teamsMessagesPath = '/api/messages';

/**
 * Teams' published limits for a bot: per conversation 7 messages a second, 8 in 2 seconds and 60
 * in 30 seconds; about 30 requests a second per tenant.
 */
export const teamsLimits: RateLimits = {
  perConversation: [{ count: 7, ms: 1000 }, { count: 8, ms: 2000 }, { count: 60, ms: 30_000 }],
  shared: [{ count: 30, ms: 1000 }],
};

/** The Node response object CloudAdapter writes to, collected into Hearth's HttpResponse. */
function responseShim() {
  const collected: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: '' };
  const res = {
    status(code: number) {
      collected.status = code;
      return res;
    },
    header(name: string, value: string) {
      collected.headers[name.toLowerCase()] = value;
      return res;
    },
    send(body: unknown) {
      collected.body = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string') collected.headers['content-type'] = 'application/json';
      return res;
    },
    end() {
      return res;
    },
  };
  return { res, collected };
}

/** Transient Bot Connector answers worth retrying (with jitter), and how long Teams asked us to wait. */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as { statusCode?: number; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = e.statusCode;
  const message = `teams: ${status ?? ''} ${e.message ?? String(error)}`.trim();
  if (status === 429 || status === 412 || status === 502 || status === 503 || status === 504) {
    const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
    return new DeliveryError(message, Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {});
  }
  if (status === 401 || status === 403 || status === 404) return new DeliveryError(message, { permanent: true });
  return new DeliveryError(message);
}

/**
 * botbuilder takes its endpoint settings all or nothing: once one is set, an unset one is
 * undefined, not the public cloud's. Fill those in, so setting one setting changes one thing.
 */
function withPublicCloudDefaults(endpoints: Record<string, string>): Record<string, string> {
  if (Object.keys(endpoints).length === 0) return {};
  const {
    ToBotFromChannelOpenIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl,
  } = AuthenticationConstants;
  return {
    ToBotFromChannelOpenIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl,
    CallerId: 'urn:botframework:azure',
    ...endpoints,
  };
}

/**
 * botbuilder turns some forged tokens into AuthenticationErrors (401) but lets the token
 * library's own errors through (a bad signature, `alg: none`, a token not valid yet), which
 * CloudAdapter answers with 500. A request that fails authentication is a 401, however it fails.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    try {
      return await super.authenticateRequest(...args);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (['JsonWebTokenError', 'NotBeforeError'].includes(name)) throw new AuthenticationError(`Unauthorized. ${(error as Error).message}`, 401);
      throw error;
    }
  }
}

export function createTeamsAdapter(config: TeamsConfig): PlatformAdapter {
  const { logger, refs } = config;
  const workspace = config.tenantId ?? 'default';
  const appId = config.noAuth ? '' : (config.appId ?? '');
  const auth = new StrictAuthentication({
    ...(config.noAuth ? {} : withPublicCloudDefaults(config.endpoints ?? {})),
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.noAuth ? '' : (config.appPassword ?? ''),
    ...(config.tenantId && !config.noAuth ? { MicrosoftAppTenantId: config.tenantId } : {}),
    ...(config.appType && !config.noAuth ? { MicrosoftAppType: config.appType } : {}),
  });
  const cloud = new CloudAdapter(auth);
  /** Whom tokens for proactive calls are for: the public Bot Framework cloud. */
  const audience = 'https://api.botframework.com';
  cloud.onTurnError = async (_context, error) => {
    logger.error({ err: error }, 'teams turn failed');
  };
  const pacer = createPacer(config.limits ?? teamsLimits);
  const readBack = config.graph ? createReadBack({ ...config.graph, logger }) : undefined;
  const emails = new Map<string, string>();
  let handler: EventHandler | undefined;

  /**
   * The Bot Connector client retries a send by itself (a dropped connection, a 5xx, a 429), and a
   * send whose answer was lost has usually arrived: that retry is a duplicate nothing checks for.
   * A delivery's retries belong to the queue, which reads the conversation back first, so the
   * client's retry policies are taken out of the (per-call) client a delivery is sent with.
   */
  function withoutClientRetries(context: TurnContext): void {
    type Pipeline = { getOrderedPolicies(): Array<{ name: string }>; removePolicy(policy: { name: string }): void };
    const pipeline = (context.turnState.get(cloud.ConnectorClientKey) as { client?: { pipeline?: Pipeline } } | undefined)?.client?.pipeline;
    for (const policy of pipeline?.getOrderedPolicies() ?? []) if (/retry/i.test(policy.name)) pipeline!.removePolicy({ name: policy.name });
  }

  /** Remembers where this conversation is, for messages Hearth starts later. */
  async function remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const reference = JSON.stringify(TurnContext.getConversationReference(activity));
    if (activity.conversation?.conversationType === 'personal' && activity.from?.id && activity.from.id !== activity.recipient?.id) {
      await refs.save('teams', workspace, `user:${teamsUserId(activity.from)}`, reference);
    } else if (activity.conversation?.id) {
      await refs.save('teams', workspace, `conversation:${activity.conversation.id}`, reference);
    }
    // Graph names a channel by its team's Entra group id, which only activities carry.
    const groupId = (activity.channelData as { team?: { aadGroupId?: string } } | undefined)?.team?.aadGroupId;
    if (readBack && groupId && activity.conversation?.conversationType === 'channel') {
      await refs.save('teams', workspace, `team-group:${activity.conversation.id.split(';')[0]}`, groupId);
    }
  }

  /**
   * Installed into a team: page through its roster and open a 1:1 chat with each member Hearth
   * cannot write to yet, so prompts reach everyone, not only those who spoke to Hearth first.
   * The roster is read during the turn; the chats are opened after it, paced to Teams' limits.
   */
  async function openChatsWithTeam(context: TurnContext): Promise<void> {
    const members: TeamsChannelAccount[] = [];
    let token: string | undefined;
    do {
      const page = await TeamsInfo.getPagedTeamMembers(context, undefined, 100, token);
      members.push(...page.members);
      token = page.continuationToken;
    } while (token);
    const { serviceUrl, recipient: bot, conversation } = context.activity;
    const tenantId = conversation.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    void (async () => {
      let opened = 0;
      for (const member of members) {
        const userId = teamsUserId(member);
        if (member.email) await refs.save('teams', workspace, `email:${member.email.toLowerCase()}`, userId);
        if (await refs.find('teams', workspace, `user:${userId}`)) continue;
        await pacer.wait(`tenant:${tenantId ?? workspace}`);
        const parameters = { isGroup: false, bot, members: [member], tenantId, channelData: { tenant: { id: tenantId } } } as ConversationParameters;
        await cloud.createConversationAsync(appId, 'msteams', serviceUrl, audience, parameters, async (created) => {
          await refs.save('teams', workspace, `user:${userId}`, JSON.stringify(TurnContext.getConversationReference(created.activity)));
        });
        opened += 1;
      }
      logger.info({ members: members.length, opened }, 'teams: opened chats with a team’s members');
    })().catch((error: unknown) => logger.error({ err: error }, 'teams: opening chats with a team’s members failed'));
  }

  /** The person's email from Teams' roster (TeamsInfo), once per user per process. */
  async function emailOf(context: TurnContext): Promise<string | undefined> {
    const from = context.activity.from;
    if (!from?.id) return undefined;
    const known = emails.get(from.id);
    if (known) return known;
    try {
      const member = await TeamsInfo.getMember(context, from.id);
      const email = member.email ?? member.userPrincipalName ?? undefined;
      if (email) emails.set(from.id, email);
      return email;
    } catch (error) {
      logger.warn({ err: error }, 'teams member lookup failed');
      return undefined;
    }
  }

  /** Answers an `Action.Execute`: the card that replaces the clicked one, or a short message. */
  async function invokeResponse(context: TurnContext, body: Record<string, unknown>): Promise<void> {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
  }

  /**
   * A button pressed on an `Action.Execute` card. Its answer goes back in the invoke response, as
   * Slack's does to the person who clicked: a changed card replaces the clicked one (the person
   * sees their answer was taken), or the reply's text is shown by the card; further replies follow
   * in the conversation.
   */
  async function execute(context: TurnContext, event: InboundEvent): Promise<void> {
    if (event.kind === 'unsupported' || !handler) {
      await invokeResponse(context, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: event.kind === 'unsupported' ? event.description : 'not ready' } });
      return;
    }
    const email = await emailOf(context);
    if (email) event.user.email = email;
    const result = await handler(event);
    const replies = [...result.replies];
    const plain = !result.update && replies[0] && !replies[0].form && !replies[0].blocks.some((b) => b.type === 'actions' || b.type === 'input');
    if (result.update) {
      await invokeResponse(context, { statusCode: 200, type: adaptiveCardContentType, value: renderCard(result.update) });
    } else if (plain) {
      await invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: replies.shift()!.text });
    } else {
      await invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '✓' });
    }
    for (const reply of replies) await context.sendActivity(renderActivity(reply));
  }

  async function turn(context: TurnContext): Promise<void> {
    // Where to write later is worth keeping, but not worth the answer: with the database away the
    // person is still told to try again (the core says so), and the next message remembers.
    await remember(context).catch((error: unknown) => logger.warn({ err: error }, 'teams: conversation reference not saved'));
    const event = parseActivity(context.activity, workspace);
    if (context.activity.type === 'invoke' && context.activity.name === adaptiveCardActionInvoke) return execute(context, event);
    if (!handler) return;
    if (event.kind !== 'unsupported') {
      const email = await emailOf(context);
      if (email) event.user.email = email;
      // Answers go through the delivery queue, paced and retried like every other message.
      const { conversation } = context.activity;
      event.replyTo =
        conversation.conversationType === 'personal'
          ? { kind: 'dm', userId: event.user.userId, workspace }
          : { kind: 'channel', channel: conversation.id, workspace };
    }
    const { activity } = context;
    const addedToTeam = activity.conversation?.conversationType === 'channel' && (
      (activity.type === 'conversationUpdate' && activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) ||
      (activity.type === 'installationUpdate' && activity.action === 'add')
    );
    if (addedToTeam) await openChatsWithTeam(context);
    const result = await handler(event);
    // A card answer updates the card it came from, so the person sees it was taken.
    if (result.update && context.activity.replyToId) {
      await context.updateActivity({ ...renderActivity(result.update), id: context.activity.replyToId });
    }
    if (result.errors) {
      // Teams has no modal to show field errors in: they come back at once, as a card.
      const lines = Object.values(result.errors).map((e) => `⚠️ ${e}`);
      await context.sendActivity(renderActivity(textMessage(lines.join('\n'))));
    }
    // Answers come back here only when the delivery queue could not take them (the database is
    // away, and they say to try again): in the turn, at once, or the person would hear nothing.
    for (const reply of result.replies) await context.sendActivity(renderActivity(reply));
  }

  async function handle(request: HttpRequest): Promise<HttpResponse> {
    const bad = (error: string): HttpResponse => ({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error }) });
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return bad('the body is not JSON');
    }
    // CloudAdapter throws on these rather than answering; say what is wrong instead.
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') return bad('an activity needs a type');
    if (typeof (body as { serviceUrl?: unknown }).serviceUrl !== 'string') return bad('an activity needs a serviceUrl');
    const { res, collected } = responseShim();
    await cloud.process({ body: body as Record<string, unknown>, headers: request.headers, method: request.method }, res as never, turn);
    return { status: collected.status, headers: collected.headers, body: collected.body };
  }

  return {
    platform: 'teams',
    workspace,
    workspaceName: 'Microsoft Teams',
    routes: [{ method: 'POST', path: teamsMessagesPath, handle }],
    async start(h) {
      handler = h;
    },
    /** Members of a team Hearth was installed in, by the email Teams has for them. */
    async lookupUserByEmail(email) {
      return refs.find('teams', workspace, `email:${email.toLowerCase()}`);
    },
    async send(destination, message, { key: deliveryKey, attempt }) {
      const key = destination.kind === 'dm' ? `user:${destination.userId}` : `conversation:${destination.channel}`;
      const stored = await refs.find('teams', workspace, key);
      if (!stored) throw new DeliveryError(`teams: no conversation with ${key} yet (Hearth must be installed or spoken to first)`, { permanent: true });
      const reference = JSON.parse(stored) as Partial<ConversationReference>;
      // A retry may follow a send Teams took but Hearth never heard back about: look first.
      if (attempt > 1 && readBack) {
        const group = reference.conversation?.conversationType === 'channel' ? await refs.find('teams', workspace, `team-group:${reference.conversation.id.split(';')[0]}`) : null;
        if (await readBack.alreadySent(reference, destination, deliveryKey, group)) return;
      }
      await pacer.wait(reference.conversation?.id ?? key);
      try {
        // An error inside the callback would go to onTurnError and the send would look done:
        // it is carried out, so a failed send is retried, not recorded as sent.
        let failure: { error: unknown } | undefined;
        await cloud.continueConversationAsync(appId, reference, async (context) => {
          withoutClientRetries(context);
          try {
            await context.sendActivity({
              ...renderActivity(message, { deliveryKey }),
              ...(destination.kind === 'channel' && destination.threadId ? { replyToId: destination.threadId } : {}),
            });
          } catch (error) {
            failure = { error };
          }
        });
        if (failure) throw failure.error;
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async readFile(file, maxBytes) {
      // Teams hands over a pre-authorised SharePoint link; plain http only for the Emulator.
      if (!config.noAuth && !file.url.startsWith('https://')) throw new FileReadError('unreadable', 'not an https link');
      return fetchFile(file.url, maxBytes);
    },
    async stop() {
      handler = undefined;
    },
  };
}

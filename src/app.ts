/**
 * The composition root: everything Hearth is, wired from the parts it is given. No module keeps
 * state of its own, so a test builds a whole bot, with a fake clock and any adapters, in one call.
 */
import { randomUUID } from 'node:crypto';
import type { ActionSpec, AttachedFile, CommandSpec } from './core/command.ts';
import type { Clock } from './core/clock.ts';
import type { Member, Organization, PlatformUser } from './core/domain.ts';
import { translatorFor, type Locale, type Translate } from './core/i18n/index.ts';
import { type Message, textMessage } from './core/message.ts';
import { createDispatcher, type ClaimedDelivery, type DeliveryQueue, type Dispatcher, type DispatcherConfig } from './core/delivery.ts';
import { noMetrics, type HandledKind, type Metrics } from './core/metrics.ts';
import { createMessenger, type Messenger } from './core/messenger.ts';
import type { Feature } from './core/feature.ts';
import type { Calendar, EventResult, HttpRoute, InboundEvent, Logger, PlatformAdapter, Store, Traced } from './core/ports.ts';
import { createRouter, type RouteContext, type Router } from './core/router.ts';
import { createScheduler, type ClaimedOccurrence, type Jobs, type Scheduler, type SchedulerStore } from './core/scheduler.ts';
import { isHearthError } from './core/errors.ts';
import { hearthFeature } from './features/hearth/commands.ts';
import { homeView } from './features/hearth/home.ts';
import { welcomeMessage } from './features/hearth/welcome.ts';

/** Persistence the core and the features need, from infrastructure. */
export interface DataLayer {
  store: Store;
  calendar: Calendar;
  queue: DeliveryQueue;
  scheduler: SchedulerStore;
}

/** What a feature is built with. */
export interface FeatureDeps {
  org: Organization;
  store: Store;
  calendar: Calendar;
  messenger: Messenger;
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
}

export type FeatureFactory = (deps: FeatureDeps) => Feature;

export interface AppOptions {
  data: DataLayer;
  /** The features beyond `/hearth`: lunches, rotations, gatherings… */
  features?: FeatureFactory[];
  clock: Clock;
  logger: Logger;
  adapters: PlatformAdapter[];
  organization: { name: string; timezone: string; locale: Locale; currency?: string };
  /** Where counts of commands, deliveries and scheduled occurrences go (Prometheus in production). */
  metrics?: Metrics;
  /** Tuning for the delivery loop (tests use small leases and a fixed random). */
  delivery?: Partial<Pick<DispatcherConfig, 'batchSize' | 'leaseMs' | 'maxAttempts' | 'pollMs' | 'random'>>;
  /** How long a claim on a scheduled occurrence lasts before another replica may run it (default ten minutes). */
  schedulerLeaseMs?: number;
  /**
   * Run the delivery loop, and the jobs a command starts at once (`Jobs.runNow`), in the background
   * (default); tests drain explicitly, and a command waits for its job.
   */
  deliverInBackground?: boolean;
  /** Gives each scheduled job an id in the logs, as an HTTP request has (infra's request context). */
  traced?: Traced;
}

export interface HearthApp {
  readonly org: Organization;
  readonly router: Router;
  readonly messenger: Messenger;
  readonly deliveries: Dispatcher;
  /** Ticked by infrastructure (node-cron) or by tests. */
  readonly scheduler: Scheduler;
  /** The features' own pages, served on Hearth's port. */
  readonly routes: HttpRoute[];
  readonly adapters: PlatformAdapter[];
  /** Every platform's inbound events end here. */
  handle(event: InboundEvent): Promise<EventResult>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<HearthApp> {
  const { clock, logger, adapters } = options;
  const metrics = options.metrics ?? noMetrics;
  const { store, calendar } = options.data;
  const org = await store.ensureOrganization(options.organization);
  const workspaceIds = new Map<PlatformAdapter, string>();
  for (const adapter of adapters) {
    const workspace = await store.ensureWorkspace(org.id, adapter.platform, adapter.workspace, adapter.workspaceName);
    workspaceIds.set(adapter, workspace.id);
  }
  const background = options.deliverInBackground ?? true;
  const deliveries = createDispatcher({
    ...options.delivery, queue: options.data.queue, adapters, clock, logger, metrics,
    onFailed: (item, reason) => reportUndeliverable(item, reason),
  });
  const messenger = createMessenger({
    adapters, store, calendar, queue: options.data.queue, clock, logger, workspaceIds,
    onQueued: () => deliveries.kick(),
  });
  // Features schedule one-off work through the scheduler's store before the scheduler (which
  // needs their jobs) exists; both are the same table.
  const jobs: Jobs = {
    schedule: (items) => scheduler.jobs.schedule(items),
    cancel: (...args) => scheduler.jobs.cancel(...args),
    runNow: (item) => scheduler.jobs.runNow(item),
  };
  const deps: FeatureDeps = { org, store, calendar, messenger, jobs, clock, logger };
  const features: Feature[] = [hearthFeature, ...(options.features ?? []).map((build) => build(deps))];
  const scheduler = createScheduler({
    store: options.data.scheduler, clock, logger, metrics, ...(options.traced ? { traced: options.traced } : {}),
    ...(options.schedulerLeaseMs ? { leaseMs: options.schedulerLeaseMs } : {}),
    background,
    jobs: features.flatMap((f) => f.jobs ?? []),
    onProblem: (occurrence, problem, detail) => reportJobProblem(occurrence, problem, detail),
  });
  const actions: ActionSpec[] = [
    ...features.flatMap((f) => f.actions ?? []),
    { id: 'core.help', run: (ctx) => router.command(ctx, 'help') },
  ];
  const router = createRouter(mergeCommands(features.flatMap((f) => f.commands ?? [])), actions, features.flatMap((f) => f.forms ?? []));

  /** The roster member behind a platform user, linking the identity on first sight by email. */
  async function resolve(user: PlatformUser): Promise<Member | null> {
    const known = await store.findMemberByIdentity(user.platform, user.workspace, user.userId);
    if (known) return known.active ? known : null;
    const adapter = adapters.find((a) => a.platform === user.platform && a.workspace === user.workspace);
    user.email ??= (await adapter?.emailOf?.(user.userId)) ?? undefined;
    if (!user.email) return null;
    const byEmail = await store.findMemberByEmail(org.id, user.email.toLowerCase());
    if (!byEmail?.active) return null;
    const workspaceId = adapter && workspaceIds.get(adapter);
    if (workspaceId) await store.linkIdentity(byEmail.id, workspaceId, user.userId);
    return byEmail;
  }

  /** Tells every admin, once per platform user, that someone not on the roster is using Hearth. */
  async function reportUnknown(user: PlatformUser): Promise<void> {
    const target = `${user.platform}:${user.workspace}:${user.userId}`;
    if (await store.auditExists(org.id, 'unknown_user.reported', target)) return;
    await store.audit({ orgId: org.id, actorId: null, action: 'unknown_user.reported', target, detail: { email: user.email ?? null } });
    await tellAdmins(`unknown-user:${target}`, (t) => t('admin.unknown_user', { who: user.displayName ?? user.userId, email: user.email ?? '?', platform: user.platform }));
  }

  /** A DM to every admin, in their language; `key` names it, so it is sent once per admin. */
  async function tellAdmins(key: string, say: (t: Translate) => string): Promise<void> {
    const admins = (await store.listMembers(org.id, { activeOnly: true })).filter((m) => m.role === 'admin');
    for (const admin of admins) await messenger.toMember(admin, textMessage(say(translatorFor(admin.locale))), `${key}:${admin.id}`);
  }

  /** Replies addressed to a conversation go through the delivery queue like every other message. */
  async function deliverReplies(event: Exclude<InboundEvent, { kind: 'unsupported' }>, replies: Message[]): Promise<EventResult> {
    if (!event.replyTo) return { replies };
    const key = `reply:${event.user.platform}:${event.user.workspace}:${event.id ?? randomUUID()}`;
    await options.data.queue.enqueue(
      replies.map((message, i) => ({ key: `${key}:${i}`, platform: event.user.platform, workspace: event.user.workspace, destination: event.replyTo!, message })),
      clock.now(),
    );
    deliveries.kick();
    return { replies: [] };
  }

  /** What the person sees: replies, or for a rejected form the errors to show on its fields. */
  async function respond(event: Exclude<InboundEvent, { kind: 'unsupported' }>, actor: Member): Promise<{ replies: Message[]; update?: Message } | { errors: Record<string, string> }> {
    const ctx: RouteContext = {
      actor, org, locale: actor.locale, t: translatorFor(actor.locale), store, clock, messenger, logger, calendar, jobs,
      findMember: (token) => findMember(event.user, token),
      files: event.kind === 'command' ? attached(event) : [],
    };
    const observe = (kind: HandledKind) => (name: string, outcome: string) => metrics.handled(kind, name, event.user.platform, outcome);
    switch (event.kind) {
      case 'command':
        return { replies: [await router.command(ctx, event.text, observe('command'))] };
      case 'action': {
        const outcome = await router.action(ctx, event.actionId, event.value, observe('action'));
        return { replies: [outcome.reply], ...(outcome.update ? { update: outcome.update } : {}) };
      }
      case 'home':
        return { replies: [await homeView(ctx, features)] };
      case 'hello':
        // Once per person and platform, however many install events a platform sends.
        await messenger.toMember(actor, welcomeMessage(actor), `welcome:${actor.id}`);
        return { replies: [] };
      case 'submit': {
        const outcome = await router.submit(ctx, event.formId, event.values, observe('form'));
        return 'errors' in outcome ? outcome : { replies: [outcome.done] };
      }
    }
  }

  /** The files sent with a command, read through the adapter that received them. */
  function attached(event: InboundEvent & { kind: 'command' }): AttachedFile[] {
    const adapter = adapters.find((a) => a.platform === event.user.platform && a.workspace === event.user.workspace);
    if (!adapter?.readFile) return [];
    return (event.files ?? []).map((file) => ({ name: file.name, read: (maxBytes) => adapter.readFile!(file, maxBytes) }));
  }

  /** A person someone typed: a platform mention, an email, or a roster name (exact, any case). */
  async function findMember(origin: PlatformUser, token: string): Promise<Member | null> {
    const cleaned = token.trim().replace(/^@/, '');
    const mention = /^<@([A-Za-z0-9._:-]+)(?:\|([^>]*))?>$/.exec(cleaned);
    if (mention) {
      const member = await resolve({ platform: origin.platform, workspace: origin.workspace, userId: mention[1]! });
      if (member?.active) return member;
      // A platform that names the person in the mention (Teams) still finds them by roster name.
      return mention[2] ? findMember(origin, mention[2]) : null;
    }
    if (cleaned.includes('@')) {
      const byEmail = await store.findMemberByEmail(org.id, cleaned.toLowerCase());
      return byEmail?.active ? byEmail : null;
    }
    const wanted = cleaned.normalize('NFKC').toLowerCase();
    const matches = (await store.listMembers(org.id, { activeOnly: true })).filter((m) => m.name.normalize('NFKC').toLowerCase() === wanted);
    return matches.length === 1 ? matches[0]! : null;
  }

  /** Tells the admins when a scheduled job was missed (Hearth was down too long) or failed for good. */
  async function reportJobProblem(occurrence: ClaimedOccurrence, problem: 'missed' | 'failed', detail: string): Promise<void> {
    // Made again when the first try's record was lost to an outage: one audit row, one notice.
    if (!(await store.auditExists(org.id, `job.${problem}`, occurrence.key))) {
      await store.audit({ orgId: org.id, actorId: null, action: `job.${problem}`, target: occurrence.key, detail: { detail } });
    }
    await tellAdmins(`job-problem:${occurrence.key}`, (t) => t(`admin.job_${problem}`, { job: occurrence.kind, due: occurrence.dueAt.toISOString(), detail }));
  }

  /**
   * Tells the admins, once per person (or channel) and platform, that Hearth could not reach
   * them, and why: nobody is silently skipped.
   */
  async function reportUndeliverable(item: ClaimedDelivery, reason: string): Promise<void> {
    if (item.key.startsWith('undeliverable:')) return; // never report a failed report
    const who =
      item.destination.kind === 'dm'
        ? ((await store.findMemberByIdentity(item.platform, item.workspace, item.destination.userId))?.name ?? item.destination.userId)
        : `#${item.destination.channel}`;
    const target = `${item.platform}:${item.workspace}:${item.destination.kind === 'dm' ? item.destination.userId : item.destination.channel}`;
    if (await store.auditExists(org.id, 'delivery.unreachable', target)) return;
    await store.audit({ orgId: org.id, actorId: null, action: 'delivery.unreachable', target, detail: { reason } });
    await tellAdmins(`undeliverable:${target}`, (t) => t('admin.unreachable', { who, platform: item.platform, reason }));
  }

  async function handle(event: InboundEvent): Promise<EventResult> {
    if (event.kind === 'unsupported') {
      logger.info({ platform: event.platform, description: event.description }, 'unsupported event ignored');
      return { replies: [] };
    }
    const orgT = translatorFor(org.locale);
    try {
      if (event.id && !(await store.firstReceipt(`${event.user.platform}:${event.id}`, clock.now()))) {
        logger.info({ platform: event.user.platform, eventId: event.id }, 'redelivered event ignored');
        return { replies: [] };
      }
      const actor = await resolve(event.user);
      if (!actor) {
        const kind = event.kind === 'command' ? 'command' : event.kind === 'action' ? 'action' : event.kind === 'submit' ? 'form' : null;
        if (kind) metrics.handled(kind, 'unknown', event.user.platform, 'unknown_user');
        await reportUnknown(event.user);
        return deliverReplies(event, [textMessage(orgT('error.unknown_user', { email: event.user.email ? ` (${event.user.email})` : '' }))]);
      }
      const answer = await respond(event, actor);
      // A rejected form is answered on its fields, at once, never through the queue.
      if ('errors' in answer) return { replies: [], errors: answer.errors };
      const delivered = await deliverReplies(event, answer.replies);
      return answer.update ? { ...delivered, update: answer.update } : delivered;
    } catch (error) {
      // The database went away before the router saw the event (a restart): say so, briefly.
      if (isHearthError(error) && error.code === 'unavailable') {
        logger.warn({ err: error, platform: event.user.platform, kind: event.kind }, 'event not handled: database unreachable');
        return { replies: [textMessage(`⚠️ ${orgT(error.key)}`)] };
      }
      const ref = randomUUID().slice(0, 8);
      logger.error({ err: error, ref, platform: event.user.platform, kind: event.kind }, 'event failed');
      return { replies: [textMessage(orgT('error.internal', { ref }))] };
    }
  }

  return {
    org,
    router,
    messenger,
    deliveries,
    scheduler,
    routes: features.flatMap((f) => f.routes ?? []),
    adapters,
    handle,
    async start() {
      for (const feature of features) await feature.start?.();
      for (const adapter of adapters) await adapter.start(handle);
      if (background) deliveries.start();
    },
    async stop() {
      for (const adapter of adapters) await adapter.stop();
      // A job still asking a team stops between two people and hands its occurrence back.
      await scheduler.stop();
      await deliveries.stop();
    },
  };
}

/**
 * Features may add subcommands to a command another feature owns (`/hearth oversight` comes
 * with suggestions): same-named commands become one, the first keeping its summary and usage.
 */
function mergeCommands(commands: CommandSpec[]): CommandSpec[] {
  const byName = new Map<string, CommandSpec>();
  for (const command of commands) {
    const first = byName.get(command.name);
    byName.set(command.name, first ? { ...first, subcommands: { ...first.subcommands, ...command.subcommands } } : command);
  }
  return [...byName.values()];
}

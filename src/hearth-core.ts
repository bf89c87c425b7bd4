/**
 * Hearth's core, as it runs: the database (migrated), the platforms' core halves, the features,
 * the scheduler's ticks and the delivery lanes, and the routes it answers (health, metrics, the
 * playground, Teams' messages, digest pages). It never owns a socket: the edge (edge.ts) hands it
 * the requests it read and the Slack payloads it acknowledged. `npm start` runs it in a worker
 * thread of its own, so nothing it does holds up an acknowledgement; tests run both in one thread.
 */
import type { Clock } from './core/clock.ts';
import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest, Logger, PlatformAdapter } from './core/ports.ts';
import { createApp, type HearthApp } from './app.ts';
import { playgroundEnabled, slackEnabled, teamsEnabled, teamsEndpoints, teamsGraph, type HearthConfig } from './config.ts';
import { openDatabase, type Database } from './infra/db/connection.ts';
import { migrate, pendingMigrations } from './infra/db/migrate.ts';
import { createPlaygroundLog } from './infra/db/playground-log.ts';
import { createDataLayer, createFeatures, defaultFeatureSettings, type FeatureSettings } from './data.ts';
import { startTicker } from './infra/ticker.ts';
import { traced, withRequest } from './infra/request-context.ts';
import { createPrometheusMetrics } from './infra/metrics.ts';
import { createRouteTable, json, type RoutedResponse } from './infra/http/server.ts';
import { createPlaygroundAdapter } from '../adapters/playground/index.ts';
import type { SlackAdapter } from '../adapters/slack/index.ts';
import type { SlackIngested, SlackPayload } from '../adapters/slack/receiver.ts';
import { createConversationRefs } from './infra/db/conversation-refs.ts';
import { seedDemo } from './seed.ts';
import { channelName, generalChannel } from './features/common/channel.ts';

/** What the edge asks of the core. Plain data in and out, so it can cross between threads. */
export interface CoreLink {
  /** Answers a request the edge has read. */
  serve(request: HttpRequest, requestId: string): Promise<RoutedResponse>;
  /** A Slack payload the edge's receiver took; a modal's answer carries its field problems. */
  slack(payload: SlackPayload, requestId: string): Promise<SlackIngested>;
  /** A response the edge sent, for the metrics. */
  observe(route: string, method: string, status: number, seconds: number): void;
  /** The address the edge listens on (links in digests default to it). */
  listening(url: string): void;
}

export interface HearthCore extends CoreLink {
  app: HearthApp;
  db: Database;
  playground: boolean;
  /** Stops the ticks and the delivery lanes (sends in flight are finished or handed back), then closes the database. */
  stop(): Promise<void>;
}

export async function startCore(config: HearthConfig, deps: { logger: Logger; clock: Clock }): Promise<HearthCore> {
  const { logger, clock } = deps;
  const metrics = createPrometheusMetrics();
  const db = openDatabase(config.DATABASE_URL, { onQuery: metrics.query });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    const data = createDataLayer(db.client);
    // Hearth's own address, once the edge listens (PORT=0 picks a free one).
    const listening = { url: `http://${config.HOST}:${config.PORT}` };
    const { store } = data;
    const adapters: PlatformAdapter[] = [];
    const organization = { name: config.HEARTH_ORG_NAME, timezone: config.HEARTH_TIMEZONE, locale: config.HEARTH_LOCALE, currency: config.HEARTH_CURRENCY };
    const org = await store.ensureOrganization(organization);
    const playground = playgroundEnabled(config);
    if (playground) {
      adapters.push(
        createPlaygroundAdapter({
          log: createPlaygroundLog(db.client),
          directory: {
            async people() {
              const members = await store.listMembers(org.id, { activeOnly: true });
              const order = { admin: 0, leader: 1, supervisor: 2, agent: 3 } as const;
              return members
                .sort((a, b) => (a.teamName ?? '').localeCompare(b.teamName ?? '') || order[a.role] - order[b.role] || a.name.localeCompare(b.name))
                .map((m) => ({ email: m.email, name: m.name, role: m.role, team: m.teamName, locale: m.locale }));
            },
            async channels() {
              return [generalChannel, ...(await store.listTeams(org.id)).map((t) => channelName(t.name))];
            },
          },
        }),
      );
    }
    // Each platform's SDK is loaded only when that platform is configured: the SDKs hold tens of
    // megabytes and take seconds to load, which a playground-only start never uses.
    let slack: SlackAdapter | undefined;
    if (slackEnabled(config)) {
      const { createSlackAdapter } = await import('../adapters/slack/index.ts');
      slack = await createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN!,
        socketMode: Boolean(config.SLACK_APP_TOKEN),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        logger,
      });
      adapters.push(slack);
    }
    if (teamsEnabled(config)) {
      if (config.HEARTH_TEAMS_NO_AUTH) {
        const warning = 'Teams authentication is OFF (HEARTH_TEAMS_NO_AUTH=1): anyone who can reach /api/messages can act as anyone. For the Bot Framework Emulator and tests only.';
        logger.warn({}, warning);
        process.stderr.write(`\n  WARNING: ${warning}\n\n`);
      }
      const { createTeamsAdapter } = await import('../adapters/teams/index.ts');
      adapters.push(
        createTeamsAdapter({
          ...(config.MicrosoftAppId ? { appId: config.MicrosoftAppId } : {}),
          ...(config.MicrosoftAppPassword ? { appPassword: config.MicrosoftAppPassword } : {}),
          ...(config.MicrosoftAppTenantId ? { tenantId: config.MicrosoftAppTenantId } : {}),
          appType: config.MicrosoftAppType,
          noAuth: config.HEARTH_TEAMS_NO_AUTH,
          endpoints: teamsEndpoints(config),
          graph: teamsGraph(config),
          logger,
          refs: createConversationRefs(db.client),
        }),
      );
    }
    const app = await createApp({
      data, features: createFeatures(db.client, featureSettings(config, listening)), clock, logger, adapters, organization, metrics, traced,
      schedulerLeaseMs: config.HEARTH_SCHEDULER_LEASE_SECONDS * 1000, delivery: { leaseMs: config.HEARTH_DELIVERY_LEASE_SECONDS * 1000 },
    });
    metrics.watchQueue(data.queue, () => clock.now());
    // The demo roster first, so features that line up schedules per reader see it at start.
    if (playground && config.HEARTH_DEMO_SEED && (await store.countMembers(app.org.id)) === 0) {
      await seedDemo(app, store, logger);
    }
    await app.start();
    const ticker = startTicker(app.scheduler, logger, config.HEARTH_SCHEDULER_TICK);
    let stopping = false;
    const route = createRouteTable(
      [
        {
          method: 'GET',
          path: '/metrics',
          handle: async (request) => {
            const token = config.HEARTH_METRICS_TOKEN;
            if (token ? !sameSecret(String(request.headers.authorization ?? ''), `Bearer ${token}`) : !loopback(config.HOST)) {
              return json(token ? 401 : 403, { error: token ? 'a bearer token is required' : 'set HEARTH_METRICS_TOKEN to read /metrics when Hearth listens beyond localhost' });
            }
            return { status: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.render() };
          },
        },
        {
          method: 'GET',
          path: '/healthz',
          handle: async () => {
            try {
              await store.ping();
              return json(200, { status: 'ok', database: 'reachable', provider: db.provider });
            } catch (error) {
              logger.warn({ err: error }, 'health check: database unreachable');
              return json(503, { status: 'unavailable', database: 'unreachable', provider: db.provider });
            }
          },
        },
        {
          method: 'GET',
          path: '/readyz',
          // Whether this replica should get traffic: database reachable and fully migrated,
          // platforms connected, and not shutting down.
          handle: async () => {
            const database = await store.ping().then(() => 'reachable', () => 'unreachable');
            const pending = database === 'reachable' ? await pendingMigrations(db).catch(() => null) : null;
            const migrations = pending === null ? 'unknown' : pending.length === 0 ? 'applied' : `pending: ${pending.join(', ')}`;
            const platforms = adapters.map((a) => ({ platform: a.platform, workspace: a.workspace, status: stopping ? 'stopping' : (a.connection?.() ?? 'connected') }));
            const ready = database === 'reachable' && migrations === 'applied' && !stopping && platforms.every((p) => p.status === 'connected');
            return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', database, migrations, platforms });
          },
        },
        ...adapters.flatMap((a) => a.routes),
        ...app.routes,
      ],
      logger,
    );
    return {
      app,
      db,
      playground,
      serve: (request, requestId) => withRequest(requestId, () => route(request)),
      async slack(payload, requestId) {
        return withRequest(requestId, async () => {
          try {
            if (!slack) throw new Error('Slack is not configured');
            return await slack.ingest(payload);
          } catch (error) {
            logger.error({ err: error, kind: payload.kind }, 'slack: an event could not be handled');
            throw error;
          }
        });
      },
      observe: metrics.request,
      listening(url) {
        listening.url = url;
      },
      async stop() {
        stopping = true;
        // The jobs first, so a tick running a long one (asking a site) ends now, not when it is done.
        await app.scheduler.stop();
        await ticker.stop();
        await app.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function loopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** What the features take from the configuration. */
function featureSettings(config: HearthConfig, listening: { url: string }): FeatureSettings {
  return {
    anonymityThreshold: config.HEARTH_ANONYMITY_THRESHOLD,
    kudos: {
      ...defaultFeatureSettings.kudos,
      ...(config.HEARTH_KUDOS_VALUES.length > 0 ? { values: config.HEARTH_KUDOS_VALUES } : {}),
      dailyLimit: config.HEARTH_KUDOS_DAILY_LIMIT,
      nudgeWeeks: config.HEARTH_KUDOS_NUDGE_WEEKS,
    },
    suggest: { adoptionPoints: config.HEARTH_ADOPTION_POINTS },
    digest: {
      ...defaultFeatureSettings.digest,
      day: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(config.HEARTH_DIGEST_DAY) + 1,
      time: config.HEARTH_DIGEST_TIME,
      publicUrl: () => config.HEARTH_PUBLIC_URL ?? listening.url,
      nudgeWeeks: config.HEARTH_KUDOS_NUDGE_WEEKS,
    },
  };
}

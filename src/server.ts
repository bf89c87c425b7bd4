/**
 * Starts a whole Hearth from a configuration: database (migrated), adapters, core, HTTP port.
 * `main.ts` calls it for `npm start`; tests call it to run Hearth in-process on a free port.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from './core/clock.ts';
import type { Logger, PlatformAdapter } from './core/ports.ts';
import { createApp, type HearthApp } from './app.ts';
import { playgroundEnabled, slackEnabled, teamsEnabled, teamsEndpoints, teamsGraph, type HearthConfig } from './config.ts';
import { openDatabase, type Database } from './infra/db/connection.ts';
import { migrate, pendingMigrations } from './infra/db/migrate.ts';
import { createPlaygroundLog } from './infra/db/playground-log.ts';
import { createDataLayer, createFeatures, defaultFeatureSettings, type FeatureSettings } from './data.ts';
import { startTicker } from './infra/ticker.ts';
import { traced } from './infra/request-context.ts';
import { createPrometheusMetrics } from './infra/metrics.ts';
import { json, startHttpServer } from './infra/http/server.ts';
import { createPlaygroundAdapter } from '../adapters/playground/index.ts';
import { createConversationRefs } from './infra/db/conversation-refs.ts';
import { seedDemo } from './seed.ts';
import { channelName, generalChannel } from './features/common/channel.ts';

export interface RunningHearth {
  app: HearthApp;
  db: Database;
  url: string;
  playground: boolean;
  stop(): Promise<void>;
}

export async function startHearth(config: HearthConfig, deps: { logger: Logger; clock: Clock }): Promise<RunningHearth> {
  const { logger, clock } = deps;
  const metrics = createPrometheusMetrics();
  const db = openDatabase(config.DATABASE_URL, { onQuery: metrics.query });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    const data = createDataLayer(db.client);
    // Hearth's own address, once its port is open (PORT=0 picks a free one).
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
    // Each platform's SDK is loaded only when that platform is configured: Bolt and botbuilder
    // hold tens of megabytes and take seconds to load, which a playground-only start never uses.
    if (slackEnabled(config)) {
      const { createSlackAdapter } = await import('../adapters/slack/index.ts');
      adapters.push(
        await createSlackAdapter({
          botToken: config.SLACK_BOT_TOKEN!,
          signingSecret: config.SLACK_SIGNING_SECRET!,
          ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
          ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
          logger,
          traced,
        }),
      );
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
    const http = await startHttpServer({
      host: config.HOST,
      port: config.PORT,
      logger,
      onResponse: metrics.request,
      routes: [
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
    });
    listening.url = http.url;
    return {
      app,
      db,
      url: http.url,
      playground,
      async stop() {
        stopping = true;
        await http.close();
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

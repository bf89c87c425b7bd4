/**
 * Configuration from environment variables (and a `.env` file), validated at start-up. Every bad
 * or missing variable is listed in one message, so a fix takes one round, not one per variable.
 */
import { isTickExpression } from './infra/ticker.ts';
import { z } from 'zod';
import { isTimeZone } from './core/time.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/hearth.db')
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)'),
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  HEARTH_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
  HEARTH_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  HEARTH_ORG_NAME: z.string().min(1).max(200).default('Hearth'),
  /** ISO 4217 currency for go-Dutch bills. */
  HEARTH_CURRENCY: z
    .string()
    .default('USD')
    .transform((v) => v.toUpperCase())
    .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'must be an ISO 4217 currency code such as USD, EUR or CNY'),
  /** Answers a group needs before its pulse results are shown. */
  HEARTH_ANONYMITY_THRESHOLD: z.coerce.number().int('must be a whole number').min(3, 'must be at least 3').max(10, 'must be at most 10').default(5),
  /** What kudos are given for, comma-separated; empty keeps the five defaults. */
  HEARTH_KUDOS_VALUES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean))
    .refine((v) => v.every((x) => x.length <= 40), 'each value must be 40 characters or fewer'),
  HEARTH_KUDOS_DAILY_LIMIT: z.coerce.number().int('must be a whole number').min(1).max(50).default(5),
  /** Points an adopted suggestion earns its author. */
  HEARTH_ADOPTION_POINTS: z.coerce.number().int('must be a whole number').min(0).max(10_000).default(50),
  HEARTH_KUDOS_NUDGE_WEEKS: z.coerce.number().int('must be a whole number').min(1).max(12).default(3),
  /** When the weekly digest goes out, in each reader's time zone. */
  HEARTH_DIGEST_DAY: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
  HEARTH_DIGEST_TIME: z.string().default('09:00').refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'must be a time like 09:00'),
  /** Where people reach Hearth's pages (the digest's), e.g. https://hearth.example.com. */
  HEARTH_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://hearth.example.com' }).optional(),
  /**
   * Bearer token for GET /metrics. Without one, /metrics answers only when Hearth listens on
   * loopback (HOST 127.0.0.1, the default).
   */
  HEARTH_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * When the scheduler ticks: a node-cron expression (five fields, or six with seconds first).
   * Once a minute is right in production; fault tests tick every second.
   */
  HEARTH_SCHEDULER_TICK: z.string().default('* * * * *').refine(isTickExpression, 'must be a node-cron expression such as "* * * * *" (every minute) or "*/5 * * * * *" (every 5 seconds)'),
  /**
   * How long a replica's claim on a scheduled occurrence lasts: a replica that dies mid-run has
   * its occurrences run by another once it lapses. It must outlast a run of twenty jobs.
   */
  HEARTH_SCHEDULER_LEASE_SECONDS: z.coerce.number().int('must be a whole number').min(5, 'must be at least 5').max(86_400, 'must be at most 86400').default(600),
  /**
   * How long a replica's claim on a message being sent lasts: a replica that dies mid-send has
   * its messages sent by another once it lapses (checked against the conversation first). It must
   * outlast the wait of a batch for its turn at the platform's pace.
   */
  HEARTH_DELIVERY_LEASE_SECONDS: z.coerce.number().int('must be a whole number').min(10, 'must be at least 10').max(3_600, 'must be at most 3600').default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: on when no Slack or Teams credentials are set. */
  HEARTH_PLAYGROUND: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Seed the demo call centre into an empty database when the playground is on. */
  HEARTH_DEMO_SEED: bool.default(true),
  SLACK_BOT_TOKEN: z.string().startsWith('xox', 'must be a bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app’s signing secret').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-…) for Socket Mode').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }).optional(),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /** Bot Framework Emulator: Teams endpoint on with authentication off. Refused in production. */
  HEARTH_TEAMS_NO_AUTH: bool.default(false),
  /**
   * botbuilder's own endpoint settings, for a sovereign or private cloud (or a fake one in tests):
   * where tokens sent to Hearth are checked, and where Hearth gets its own. Unset ones keep the
   * public Azure cloud's values.
   */
  ToBotFromChannelOpenIdMetadataUrl: z.url({ error: 'must be a URL' }).optional(),
  ToBotFromEmulatorOpenIdMetadataUrl: z.url({ error: 'must be a URL' }).optional(),
  ToBotFromChannelTokenIssuer: z.string().optional(),
  ToChannelFromBotLoginUrl: z.url({ protocol: /^https$/, error: 'must be an https URL (the token library refuses others)' }).optional(),
  ToChannelFromBotOAuthScope: z.string().optional(),
  OAuthUrl: z.url({ error: 'must be a URL' }).optional(),
  /** Microsoft Graph's base (a national cloud's, or a fake in tests), for reading Teams conversations back after a crash. */
  HEARTH_GRAPH_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://graph.microsoft.com/v1.0/' }).optional(),
  /** Where Hearth gets its Graph token (client credentials): Entra ID's login host. */
  HEARTH_TEAMS_LOGIN_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://login.microsoftonline.com/' }).optional(),
  NODE_ENV: z.string().optional(),
}).superRefine((c, ctx) => {
  // Half a Slack configuration is a mistake worth stopping for, not a reason to quietly run without Slack.
  if (Boolean(c.SLACK_BOT_TOKEN) !== Boolean(c.SLACK_SIGNING_SECRET)) {
    const missing = c.SLACK_BOT_TOKEN ? 'SLACK_SIGNING_SECRET' : 'SLACK_BOT_TOKEN';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other Slack credential is set' });
  }
  if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required for Socket Mode too' });
  }
  if (c.HEARTH_TEAMS_NO_AUTH && c.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['HEARTH_TEAMS_NO_AUTH'], message: 'turns Teams authentication off and is refused when NODE_ENV=production' });
  }
  if (c.MicrosoftAppId && !c.HEARTH_TEAMS_NO_AUTH) {
    if (c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: `is required for a ${c.MicrosoftAppType} bot` });
    }
    if (c.MicrosoftAppType !== 'MultiTenant' && !c.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required for a ${c.MicrosoftAppType} bot` });
    }
  }
});

export type HearthConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Hearth cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee .env.example for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; throws a ConfigError listing every problem. Empty strings mean unset. */
export function loadConfig(env: Record<string, string | undefined>): HearthConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const got = cleaned[key];
      return `${key}: ${issue.message}${got !== undefined ? ` (got "${got.slice(0, 60)}")` : ''}`;
    }),
  );
}

export function slackEnabled(config: HearthConfig): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET);
}

/** The botbuilder endpoint settings that were set, by their botbuilder names, for the Teams adapter. */
export function teamsEndpoints(config: HearthConfig): Record<string, string> {
  const names = ['ToBotFromChannelOpenIdMetadataUrl', 'ToBotFromEmulatorOpenIdMetadataUrl', 'ToBotFromChannelTokenIssuer', 'ToChannelFromBotLoginUrl', 'ToChannelFromBotOAuthScope', 'OAuthUrl'] as const;
  return Object.fromEntries(names.flatMap((name) => (config[name] ? [[name, config[name]]] : [])));
}

/**
 * Graph access for the Teams adapter's read-back (adapters/teams/graph.ts): the bot's own app id
 * and password, so only for a bot with a password and authentication on.
 */
export function teamsGraph(config: HearthConfig): { appId: string; appPassword: string; tenantId?: string; graphUrl?: string; loginUrl?: string } | undefined {
  if (!config.MicrosoftAppId || !config.MicrosoftAppPassword || config.HEARTH_TEAMS_NO_AUTH) return undefined;
  return {
    appId: config.MicrosoftAppId,
    appPassword: config.MicrosoftAppPassword,
    ...(config.MicrosoftAppTenantId ? { tenantId: config.MicrosoftAppTenantId } : {}),
    ...(config.HEARTH_GRAPH_URL ? { graphUrl: config.HEARTH_GRAPH_URL } : {}),
    ...(config.HEARTH_TEAMS_LOGIN_URL ? { loginUrl: config.HEARTH_TEAMS_LOGIN_URL } : {}),
  };
}

export function teamsEnabled(config: HearthConfig): boolean {
  return Boolean(config.MicrosoftAppId) || config.HEARTH_TEAMS_NO_AUTH;
}

export function playgroundEnabled(config: HearthConfig): boolean {
  if (config.HEARTH_PLAYGROUND !== 'auto') return config.HEARTH_PLAYGROUND === 'on';
  return !slackEnabled(config) && !teamsEnabled(config);
}

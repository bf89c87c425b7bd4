import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, playgroundEnabled } from '../../src/config.ts';
import { providerOf, redactUrl } from '../../src/infra/db/connection.ts';

describe('configuration', () => {
  it('has working defaults for a fresh machine: SQLite, port 3000, UTC, English, playground on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATABASE_URL: 'file:./data/hearth.db', PORT: 3000, HOST: '127.0.0.1', HEARTH_TIMEZONE: 'UTC', HEARTH_LOCALE: 'en', LOG_LEVEL: 'info', HEARTH_CURRENCY: 'USD' });
    expect(loadConfig({ HEARTH_CURRENCY: 'cny' }).HEARTH_CURRENCY).toBe('CNY');
    expect(playgroundEnabled(config)).toBe(true);
  });

  it('lists every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', HEARTH_TIMEZONE: 'Mars/Base', HEARTH_LOCALE: 'fr', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', HEARTH_CURRENCY: 'DOGE' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'HEARTH_CURRENCY', 'HEARTH_LOCALE', 'HEARTH_TIMEZONE', 'LOG_LEVEL', 'PORT']);
    expect((error as ConfigError).message).toMatch(/^Hearth cannot start: 6 configuration problems:/);
    expect((error as ConfigError).message).toContain('HEARTH_TIMEZONE: must be an IANA time zone such as Europe/London (got "Mars/Base")');
  });

  it('treats empty variables as unset, as .env files often leave them', () => {
    expect(loadConfig({ PORT: '', HEARTH_LOCALE: '' })).toMatchObject({ PORT: 3000, HEARTH_LOCALE: 'en' });
  });

  it('turns the playground off once a real platform is configured, unless asked to keep it', () => {
    expect(playgroundEnabled(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'f00dfeedcafe' }))).toBe(false);
    expect(playgroundEnabled(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }))).toBe(false);
    expect(playgroundEnabled(loadConfig({ HEARTH_TEAMS_NO_AUTH: '1' }))).toBe(false);
    expect(playgroundEnabled(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', HEARTH_PLAYGROUND: 'on' }))).toBe(true);
  });

  it('refuses half a Slack configuration and malformed Slack settings, naming each', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual(['SLACK_SIGNING_SECRET: is required when the other Slack credential is set']);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual(['SLACK_BOT_TOKEN: is required for Socket Mode too']);
    expect(problems({ SLACK_BOT_TOKEN: 'nope', SLACK_SIGNING_SECRET: 'f00dfeedcafe', SLACK_API_URL: 'ftp://x' }).map((p) => p.split(':')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_API_URL',
    ]);
  });

  it('checks the Bot Framework variables together, and refuses Teams without authentication in production', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ MicrosoftAppId: 'id' })).toEqual(['MicrosoftAppPassword: is required for a MultiTenant bot']);
    expect(problems({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' })).toEqual([
      'MicrosoftAppTenantId: is required for a SingleTenant bot',
    ]);
    expect(problems({ MicrosoftAppType: 'Whatever' })[0]).toMatch(/^MicrosoftAppType:/);
    expect(problems({ HEARTH_TEAMS_NO_AUTH: '1', NODE_ENV: 'production' })).toEqual([
      'HEARTH_TEAMS_NO_AUTH: turns Teams authentication off and is refused when NODE_ENV=production (got "1")',
    ]);
  });

  it('selects the database by URL scheme and keeps passwords out of display URLs', () => {
    expect(providerOf('file:./x.db')).toBe('sqlite');
    expect(providerOf('postgres://a@h/db')).toBe('postgresql');
    expect(providerOf('postgresql://a@h/db')).toBe('postgresql');
    expect(redactUrl('postgresql://hearth:s3cret@db:5432/hearth')).toBe('postgresql://hearth:***@db:5432/hearth');
  });
});

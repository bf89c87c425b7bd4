/** Slack's SDK log lines in Hearth's log. Its debug lines carry request bodies (people's words): dropped. */
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../src/core/ports.ts';

export function slackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack-sdk' });
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

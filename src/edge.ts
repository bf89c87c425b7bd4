/**
 * Hearth's edge: the HTTP port, and Slack's receiver. It acknowledges what Slack sends at once
 * and hands everything else to the core (`CoreLink`), reading nothing from the database itself.
 * With the core in a worker thread (`npm start`), an acknowledgement never waits behind the
 * core's work: a query, a digest, ten thousand prompts being queued.
 */
import type { Logger, RawRoute } from './core/ports.ts';
import { slackEnabled, type HearthConfig } from './config.ts';
import type { CoreLink } from './hearth-core.ts';
import { startHttpServer } from './infra/http/server.ts';
import type { SlackReceiver } from '../adapters/slack/receiver.ts';

export interface Edge {
  readonly url: string;
  /** Stops taking requests and events (Socket Mode disconnects). */
  stop(): Promise<void>;
}

export async function startEdge(config: HearthConfig, core: CoreLink, logger: Logger): Promise<Edge> {
  const receivers: SlackReceiver[] = [];
  // Bolt is loaded only when Slack is configured.
  if (slackEnabled(config)) {
    const { createSlackReceiver } = await import('../adapters/slack/receiver.ts');
    receivers.push(
      await createSlackReceiver(
        {
          botToken: config.SLACK_BOT_TOKEN!,
          signingSecret: config.SLACK_SIGNING_SECRET!,
          ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
          ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
          logger,
        },
        (payload, requestId) => core.slack(payload, requestId),
      ),
    );
  }
  const raw: RawRoute[] = receivers.flatMap((r) => r.routes);
  const http = await startHttpServer({ host: config.HOST, port: config.PORT, raw, serve: core.serve, logger, onResponse: core.observe });
  core.listening(http.url);
  for (const receiver of receivers) await receiver.start();
  return {
    url: http.url,
    async stop() {
      await http.close();
      for (const receiver of receivers) await receiver.stop();
    },
  };
}

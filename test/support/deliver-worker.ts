/**
 * A Hearth delivery process for fault tests: drains the delivery queue through one platform's
 * real adapter until nothing is pending, then exits. Tests kill it with SIGKILL half way and
 * start another to prove nothing is lost or sent twice.
 * - `PLATFORM=slack` (default): against the fake Slack at SLACK_API_URL.
 * - `PLATFORM=teams`: authentication off, the fake Bot Connector behind the stored references'
 *   serviceUrl, and the fake Graph (HEARTH_GRAPH_URL, HEARTH_TEAMS_LOGIN_URL) for read-backs.
 */
import type { PlatformAdapter } from '../../src/core/ports.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createDispatcher } from '../../src/core/delivery.ts';
import { openDatabase } from '../../src/infra/db/connection.ts';
import { createConversationRefs } from '../../src/infra/db/conversation-refs.ts';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import { createLogger } from '../../src/infra/logger.ts';

const env = process.env;
const db = openDatabase(env.DATABASE_URL!);
const logger = createLogger('warn');
const unpaced = { perConversation: [], shared: [] };

async function adapterFor(platform: string): Promise<PlatformAdapter> {
  if (platform === 'teams') {
    const { createTeamsAdapter } = await import('../../adapters/teams/index.ts');
    return createTeamsAdapter({
      noAuth: true, logger, refs: createConversationRefs(db.client), limits: unpaced,
      graph: { appId: env.GRAPH_APP_ID!, appPassword: env.GRAPH_APP_PASSWORD!, graphUrl: env.HEARTH_GRAPH_URL!, loginUrl: env.HEARTH_TEAMS_LOGIN_URL! },
    });
  }
  const { createSlackAdapter } = await import('../../adapters/slack/index.ts');
  return createSlackAdapter({ botToken: 'xoxb-fake-token', apiUrl: env.SLACK_API_URL!, logger, limits: unpaced });
}

const adapter = await adapterFor(env.PLATFORM ?? 'slack');
const queue = createDeliveryQueue(db.client);
const dispatcher = createDispatcher({ queue, adapters: [adapter], clock: systemClock, logger, leaseMs: Number(env.LEASE_MS ?? 2000), batchSize: 25 });
for (;;) {
  await dispatcher.drain();
  const counts = await queue.counts();
  if (counts.pending + counts.sending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await db.close();
process.stdout.write('drained\n');

/**
 * A Hearth delivery process for fault tests: drains the delivery queue to Slack (the real
 * adapter, against the fake Slack) until nothing is pending, then exits. Tests kill it with
 * SIGKILL half way and start another to prove nothing is lost or sent twice.
 */
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createDispatcher } from '../../src/core/delivery.ts';
import { openDatabase } from '../../src/infra/db/connection.ts';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import { createLogger } from '../../src/infra/logger.ts';

const db = openDatabase(process.env.DATABASE_URL!);
const logger = createLogger('warn');
const adapter = await createSlackAdapter({
  botToken: 'xoxb-fake-token', signingSecret: 'unused', apiUrl: process.env.SLACK_API_URL!, logger, limits: { perConversation: [], shared: [] },
});
const queue = createDeliveryQueue(db.client);
const dispatcher = createDispatcher({ queue, adapters: [adapter], clock: systemClock, logger, leaseMs: Number(process.env.LEASE_MS ?? 2000), batchSize: 25 });
for (;;) {
  await dispatcher.drain();
  const counts = await queue.counts();
  if (counts.pending + counts.sending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await db.close();
process.stdout.write('drained\n');

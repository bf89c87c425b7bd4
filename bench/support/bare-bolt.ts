/**
 * The acknowledgement benchmark's baseline: the least a Bolt app can be. The same @slack/bolt as
 * Hearth, the same receiver (HTTPReceiver, signature checks on, processBeforeResponse off, as in
 * adapters/slack/index.ts), on its own node:http server as `app.start()` makes it, pointed at the
 * same fake Slack for its one auth.test; every slash command is acknowledged and nothing more.
 * Whatever Hearth's latency adds to this one's is Hearth's own.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AddressInfo } from 'node:net';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  endpoints: '/slack/events',
  processBeforeResponse: false,
  logLevel: LogLevel.WARN,
});
const app = new App({ token: process.env.SLACK_BOT_TOKEN!, receiver, clientOptions: { slackApiUrl: process.env.SLACK_API_URL! }, logLevel: LogLevel.WARN });
app.command(/.*/, async ({ ack }) => {
  await ack();
});
const server = await app.start({ port: 0, host: '127.0.0.1' });
// Stopped by the benchmark (SIGTERM) or orphaned by it: exits normally, so `--cpu-prof` is written.
const stop = () => void app.stop().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send!({ kind: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });

/**
 * The test suite's fake Slack in a process of its own, for the acknowledgement benchmark: Hearth
 * calls it (auth.test, users.info, and every reply to a slash command's response_url) while the
 * load generator measures, so it must not share either's event loop. The parent talks to it over
 * IPC: it sends the roster as Slack knows it, and asks which replies have arrived.
 *
 * It stands for Slack's servers, which do not share Hearth's CPU: on this machine it takes the
 * replies of Hearth's rounds (the bare app sends none), so it runs at a lower priority (nice 10)
 * and yields the cores to the servers being measured and to the load generator.
 */
import { setPriority } from 'node:os';
import { startFakeSlack, type FakeUser } from '../../test/support/fake-slack.ts';
import { translate, type Locale } from '../../src/core/i18n/index.ts';

/** From the parent. */
export type FakeSlackRequest = { kind: 'replies'; prefix: string };

/** To the parent. */
export type FakeSlackReport =
  | { kind: 'ready'; apiUrl: string; url: string }
  | {
      kind: 'replies';
      prefix: string;
      /** When each reply reached its response_url (epoch ms), by the id the request carried. */
      at: Array<[string, number]>;
      /** Replies that were Hearth's "something went wrong" or "you are not on the roster". */
      failed: number;
    };

setPriority(10);
const send = (report: FakeSlackReport) => process.send!(report);

// A reply that starts like one of these is a failure, whatever language it came in.
const failurePrefixes = (['en', 'zh-CN'] as Locale[]).flatMap((locale) => [
  translate(locale, 'error.internal', { ref: '\u0000' }).split('\u0000')[0]!,
  translate(locale, 'error.unknown_user', { email: '\u0000' }).split('\u0000')[0]!,
]);

const users = JSON.parse(process.env.BENCH_SLACK_USERS ?? '[]') as FakeUser[];
const fake = await startFakeSlack({ users });

process.on('message', (message: FakeSlackRequest) => {
  const replies = fake.responses.filter((r) => r.id.startsWith(message.prefix));
  const failed = replies.filter((r) => failurePrefixes.some((p) => String(r.body.text ?? '').startsWith(p))).length;
  send({ kind: 'replies', prefix: message.prefix, at: replies.map((r) => [r.id, r.at]), failed });
});
process.on('disconnect', () => {
  void fake.close().then(() => process.exit(0));
});
send({ kind: 'ready', apiUrl: fake.apiUrl, url: fake.url });

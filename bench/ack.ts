/**
 * Acknowledgement latency: how long Slack waits for Hearth to acknowledge a signed slash command
 * through Bolt's HTTP receiver, against a bare Bolt app that acknowledges the same requests and
 * does nothing else. Slack gives up after 3 seconds; the target is Hearth within 1.3× of the bare
 * app at p50 and p99, at the rate a real workspace sends.
 *
 * Two modes. Open loop (the default, `--rates`): commands arrive on a fixed schedule (Poisson by
 * default, `--arrivals even` for one every 1/rate s), whatever the servers answer, as a call
 * centre's people press Enter; a 10,000-person centre at peak sends perhaps 5–20 slash commands a
 * second, so 10, 25 and 50 a second. This is the latency a workspace sees. Closed loop
 * (`--concurrency`, reported as "saturation"): C clients each send again as soon as acknowledged;
 * by Little's law that measures throughput, and Hearth, which does the real work after the ack in
 * the same process, is offered as much as it can take. `--concurrency 0` skips it, `--rates ''`
 * skips the open loop.
 *
 * Four processes: Hearth as `npm start` runs it (built; its core in a worker thread; on a fresh
 * database holding the demo roster, Slack pointed at the fake), the bare Bolt app (bench/support/bare-bolt.ts), the
 * test suite's fake Slack (which takes Hearth's replies on their response_url), and this one, the
 * load generator. The mix is `/hearth whoami`, `/pulse status`, `/kudos leaderboard`,
 * `/lunch status` and `/suggest stats` from everyone on the roster. A warm-up of 3,000 commands
 * to each server first (`--warmup`) is not measured. Rounds
 * alternate bare/Hearth (ABBA) to cancel drift on a shared machine, the two are offered the same
 * arrival schedule in a round, and Hearth's replies must all arrive before the next batch starts,
 * so its work never overlaps the bare app's turn. Also measured: when each reply reached Slack,
 * and each server's CPU time per command by thread (from /proc: where Hearth's cost goes).
 *
 * CPUs (`--cpus`): pinned by default, the load generator and the fake Slack on CPU 0 and the
 * server under test on the rest, so a server's latency is not the generator's wait for a CPU
 * (Hearth's edge, core and helpers then share what the bare app has alone); `--cpus shared` lets
 * all of them share every CPU. Either way the fake Slack runs at nice 19: Slack's servers are not
 * on Hearth's machine, and taking Hearth's replies would otherwise compete with its
 * acknowledgements as it never does in production.
 *
 *   npm run bench:ack                        SQLite and PostgreSQL (TEST_DATABASE_URL, else the local server)
 *   npm run bench:ack -- --db sqlite --rates 25 --seconds 20 --concurrency 0
 *   npm run bench:ack -- --runs 2            everything twice, each on a fresh database, for the spread
 *   npm run bench:ack -- --profile           also writes V8 CPU profiles of each Hearth and bare app
 *   npm run bench:ack -- --hearth-log h.log  keeps Hearth's log lines (appended)
 *   npm run bench:ack -- --cpus shared       no pinning: every process on every CPU
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { cpus, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Provider } from '../src/infra/db/connection.ts';
import type { FakeSlackReport, FakeSlackRequest } from './support/fake-slack-process.ts';
import { createBenchDatabase } from './support/database.ts';
import { addCpu, canReadThreads, cpuSince, threadCpu, type ThreadCpu } from './support/cpu.ts';
import { freePort, nextMessage, repositoryRoot, startChild, startHearthProcess, stopChild, waitUntilReady } from './support/children.ts';
import { arrivalSchedule, quantile, sendAtRate, sendCommands, type Arrivals, type LoadResult, type RateResult, type SlashCommand } from './support/load.ts';

const defaults = { rates: '10,25,50', seconds: 60, requests: 8000, concurrency: 50, rounds: 4, warmup: 3000 };
const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: defaults.rates },
    seconds: { type: 'string', default: String(defaults.seconds) },
    arrivals: { type: 'string', default: 'poisson' },
    requests: { type: 'string', default: String(defaults.requests) },
    concurrency: { type: 'string', default: String(defaults.concurrency) },
    rounds: { type: 'string', default: String(defaults.rounds) },
    warmup: { type: 'string', default: String(defaults.warmup) },
    runs: { type: 'string', default: '1' },
    db: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'hearth-log': { type: 'string' },
    cpus: { type: 'string', default: 'pinned' },
  },
});
const rates = values.rates.split(',').filter(Boolean).map(Number);
const seconds = Number(values.seconds);
const arrivals = values.arrivals as Arrivals;
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const runs = Number(values.runs);
if (values.cpus !== 'pinned' && values.cpus !== 'shared') throw new Error('--cpus is pinned or shared');
const pinned = values.cpus === 'pinned';
if (pinned && cpus().length < 2) throw new Error('--cpus pinned needs two CPUs or more (or say --cpus shared)');
// Pinned: this process (the load generator) and the fake Slack on CPU 0, the server under test,
// bare or Hearth, on the others (Linux, `taskset`).
const serverCpus = pinned ? `1-${cpus().length - 1}` : undefined;
if (pinned) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
const providers: Provider[] = values.db ? [values.db as Provider] : ['sqlite', 'postgresql'];
if (arrivals !== 'poisson' && arrivals !== 'even') throw new Error('--arrivals is poisson or even');
const secret = 'bench-signing-secret';
const token = 'xoxb-fake-token';
const organization = { name: 'Hearth', timezone: 'UTC', locale: 'en' as const };
const mix = [
  ['/hearth', 'whoami'], ['/pulse', 'status'], ['/kudos', 'leaderboard'], ['/lunch', 'status'], ['/suggest', 'stats'],
] as const;
const slackId = (i: number) => `U${String(i + 1).padStart(9, '0')}`;
const round2 = (ms: number) => Math.round(ms * 100) / 100;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

type Child = ReturnType<typeof startChild>;
type Replies = Extract<FakeSlackReport, { kind: 'replies' }>;

interface Summary {
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
}

function summarize(results: LoadResult[]): Summary {
  const all = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const elapsedS = results.reduce((sum, r) => sum + r.elapsedMs, 0) / 1000;
  return {
    requests: all.length, errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorKinds: results.reduce<Record<string, number>>((kinds, r) => {
      for (const [kind, n] of Object.entries(r.errorKinds)) kinds[kind] = (kinds[kind] ?? 0) + n;
      return kinds;
    }, {}),
    p50Ms: round2(quantile(all, 0.5)), p90Ms: round2(quantile(all, 0.9)), p99Ms: round2(quantile(all, 0.99)), maxMs: round2(all.at(-1) ?? Number.NaN),
    perSecond: Math.round(all.length / elapsedS),
  };
}

/** The fake Slack's replies to requests whose id starts with `prefix`. */
async function replies(fake: Child, prefix: string): Promise<Replies> {
  const answer = nextMessage<Replies>(fake, 'replies');
  fake.send({ kind: 'replies', prefix } satisfies FakeSlackRequest);
  return answer;
}

/**
 * Waits until Hearth has answered all `count` commands of a batch on their response_url, or until
 * no reply has come for `quietMs` (the rest count as lost: acknowledged, never answered).
 */
async function repliesArrived(fake: Child, prefix: string, count: number, quietMs = 20_000): Promise<Replies> {
  let seen = -1;
  let since = Date.now();
  for (;;) {
    const got = await replies(fake, prefix);
    if (got.at.length >= count || Date.now() - since > quietMs) return got;
    if (got.at.length !== seen) [seen, since] = [got.at.length, Date.now()];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until Hearth's delivery queue is empty (the seeding's kudos posts, paced as Slack asks). */
async function queueEmpty(hearthUrl: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await (await fetch(`${hearthUrl}/metrics`)).text();
    const waiting = [...text.matchAll(/^hearth_delivery_queue_messages\{status="(pending|sending)"\} (\d+)/gm)].reduce((n, m) => n + Number(m[2]), 0);
    if (waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('Hearth’s delivery queue did not empty');
}

/** Sends one batch to one server; `round` seeds the open loop's schedule, the same for both servers. */
type Send = (url: string, commands: SlashCommand[], round: number) => Promise<LoadResult | RateResult>;

/** The bench's servers, up and seeded, for one provider and one run. */
interface Stage {
  fake: Child;
  targets: { bare: string; hearth: string };
  pids: { bare: number; hearth: number; fake: number };
  batch(id: string, count: number): SlashCommand[];
}

/**
 * One load, ABBA: bare then Hearth in even rounds, Hearth then bare in odd ones, waiting for all
 * of Hearth's replies (and a pause) before the next batch.
 */
async function measure(stage: Stage, label: string, perRound: number, send: Send) {
  const measured = { bare: [] as Array<LoadResult | RateResult>, hearth: [] as Array<LoadResult | RateResult> };
  const replyMs: number[] = [];
  // CPU time (ms) by thread while each server took its batches; Hearth's also until its replies were all sent.
  const none: ThreadCpu = { main: 0, niced: 0, helpers: 0 };
  const cpu = { bare: none, hearth: none, hearthUntilReplies: none, fakeUntilReplies: none };
  let failedReplies = 0;
  let lostReplies = 0;
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? (['bare', 'hearth'] as const) : (['hearth', 'bare'] as const)) {
      const id = `${label}-${name}-${r}`;
      const [before, fakeBefore] = [threadCpu(stage.pids[name]), threadCpu(stage.pids.fake)];
      const result = await send(stage.targets[name], stage.batch(id, perRound), r);
      cpu[name] = addCpu(cpu[name], cpuSince(before, threadCpu(stage.pids[name])));
      measured[name].push(result);
      if (name === 'hearth') {
        const got = await repliesArrived(stage.fake, `${id}-`, perRound - result.errors);
        cpu.hearthUntilReplies = addCpu(cpu.hearthUntilReplies, cpuSince(before, threadCpu(stage.pids.hearth)));
        cpu.fakeUntilReplies = addCpu(cpu.fakeUntilReplies, cpuSince(fakeBefore, threadCpu(stage.pids.fake)));
        failedReplies += got.failed;
        lostReplies += perRound - result.errors - got.at.length;
        for (const [reqId, at] of got.at) replyMs.push(at - result.sentAtMs[Number(reqId.slice(id.length + 1))]!);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [b, h] = [summarize([measured.bare[r]!]), summarize([measured.hearth[r]!])];
    process.stderr.write(`  ${label} round ${r + 1}/${rounds}: bare p50 ${b.p50Ms} p99 ${b.p99Ms} ms; Hearth p50 ${h.p50Ms} p99 ${h.p99Ms} ms\n`);
  }
  const [bare, hearth] = [summarize(measured.bare), summarize(measured.hearth)];
  const byRound = (key: 'p50Ms' | 'p99Ms') => measured.hearth.map((h, r) => ratio(summarize([h])[key], summarize([measured.bare[r]!])[key]));
  const lag = measured.bare.concat(measured.hearth).flatMap((r) => ('lagMs' in r ? r.lagMs : [])).sort((a, b) => a - b);
  replyMs.sort((a, b) => a - b);
  // Microseconds of CPU per command, by thread kind; /proc counts in 10 ms ticks, so only batches of a second or more say much.
  const perCommand = (c: ThreadCpu, n: number) => ({ main: Math.round((c.main * 1000) / n), niced: Math.round((c.niced * 1000) / n), helpers: Math.round((c.helpers * 1000) / n) });
  const commands = perRound * rounds;
  return {
    bare,
    hearth: { ...hearth, replies: { received: replyMs.length, failed: failedReplies, lost: lostReplies, p50Ms: quantile(replyMs, 0.5), p99Ms: quantile(replyMs, 0.99), maxMs: replyMs.at(-1) ?? null } },
    ratio: {
      p50: ratio(hearth.p50Ms, bare.p50Ms), p90: ratio(hearth.p90Ms, bare.p90Ms), p99: ratio(hearth.p99Ms, bare.p99Ms),
      perSecond: ratio(hearth.perSecond, bare.perSecond), p50ByRound: byRound('p50Ms'), p99ByRound: byRound('p99Ms'),
    },
    ...(lag.length ? { generatorLagMs: { p99: round2(quantile(lag, 0.99)), max: round2(lag.at(-1)!) } } : {}),
    ...(canReadThreads
      ? {
          cpuMicrosecondsPerCommand: {
            bare: perCommand(cpu.bare, commands), hearthDuringBatch: perCommand(cpu.hearth, commands),
            hearthUntilReplies: perCommand(cpu.hearthUntilReplies, commands), fakeSlackUntilReplies: perCommand(cpu.fakeUntilReplies, commands),
          },
        }
      : {}),
  };
}

async function run(provider: Provider, runIndex: number) {
  const database = await createBenchDatabase(provider, organization);
  const users = database.emails.map((email, i) => ({ id: slackId(i), email, name: email.split('@')[0]! }));
  const children: Child[] = [];
  // Should this process die, so do the servers it started.
  const orphans = () => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', orphans);
  const profileDir = values.profile ? mkdtempSync(join(tmpdir(), `hearth-ack-profile-${provider}-`)) : undefined;
  try {
    const fake = startChild('bench/support/fake-slack-process.ts', { env: { BENCH_SLACK_USERS: JSON.stringify(users) }, ipc: true, ...(serverCpus ? { cpus: '0' } : {}) });
    children.push(fake);
    const { url: fakeUrl, apiUrl } = await nextMessage<Extract<FakeSlackReport, { kind: 'ready' }>>(fake, 'ready');
    // Slack's servers are not on Hearth's machine: the fake standing in for them takes what CPU is left.
    setPriority(fake.pid!, 19);
    const slackEnv = { SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: apiUrl };

    const bare = startChild('bench/support/bare-bolt.ts', { env: slackEnv, ipc: true, ...(serverCpus ? { cpus: serverCpus } : {}), ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}/bare`] } : {}) });
    children.push(bare);
    const port = await freePort();
    const hearth = startHearthProcess({
      env: { ...slackEnv, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', HEARTH_PLAYGROUND: 'off', LOG_LEVEL: 'info' },
      ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
      ...(values['hearth-log'] ? { stdout: openSync(values['hearth-log'], 'a') } : {}),
      ...(serverCpus ? { cpus: serverCpus } : {}),
    });
    children.push(hearth);
    const hearthUrl = `http://127.0.0.1:${port}`;
    const bareUrl = (await nextMessage<{ kind: 'ready'; url: string }>(bare, 'ready')).url;
    await waitUntilReady(`${hearthUrl}/readyz`, hearth);

    const command = (batch: string, n: number, [name, text]: readonly [string, string]): SlashCommand => ({
      userId: users[(n * 7) % users.length]!.id, command: name, text, responseUrl: `${fakeUrl}/respond/${batch}-${n}`,
    });
    const stage: Stage = {
      fake, targets: { bare: `${bareUrl}/slack/events`, hearth: `${hearthUrl}/slack/events` }, pids: { bare: bare.pid!, hearth: hearth.pid!, fake: fake.pid! },
      batch: (id, count) => Array.from({ length: count }, (_, n) => command(id, n, mix[n % mix.length]!)),
    };

    // Three waves, each sent at once: everyone's first command (Hearth links each Slack id to the
    // roster on first sight), then kudos naming the next person, then an idea, so the leaderboard
    // and the adoption figures have something to count.
    const waves = [
      () => mix[0],
      (i: number) => ['/kudos', `${users[(i + 1) % users.length]!.email} for great-idea thanks for the callback script`] as const,
      (i: number) => ['/suggest', `A quieter break room near the phones, idea ${i}`] as const,
    ];
    for (const [w, wave] of waves.entries()) {
      const commands = users.map((u, i) => ({ ...command(`setup-${w}`, i, wave(i)), userId: u.id }));
      const sent = await sendCommands(stage.targets.hearth, secret, commands, 10);
      const got = await repliesArrived(fake, `setup-${w}-`, users.length);
      const failed = sent.errors + got.failed + (users.length - got.at.length);
      if (failed > 0) throw new Error(`${failed} of the ${users.length} set-up commands of wave ${w + 1} failed`);
    }
    await queueEmpty(hearthUrl);

    // Warm-up, not measured: JIT compilation and connection pools, in both servers, so what is
    // measured is a server that has been running, not one starting. Hearth's core takes longer to
    // warm than a bare app: after 300 commands its CPU per command while a saturating batch came in
    // was 90-155 µs, against 48-69 after 3,000 or after the open-loop rates.
    await sendCommands(stage.targets.bare, secret, stage.batch('warm-bare', warmup), defaults.concurrency);
    const warm = await sendCommands(stage.targets.hearth, secret, stage.batch('warm-hearth', warmup), defaults.concurrency);
    await repliesArrived(fake, 'warm-hearth-', warmup - warm.errors);

    const openLoop = [];
    for (const rate of rates) {
      const perRound = Math.ceil((rate * seconds) / rounds);
      const send: Send = (url, commands, r) => sendAtRate(url, secret, commands, arrivalSchedule(commands.length, rate, arrivals, 1000 * runIndex + 10 * rate + r + 1));
      openLoop.push({ rate, ...(await measure(stage, `${provider}-${rate}/s`, perRound, send)) });
    }
    const saturation = concurrency > 0
      ? { concurrency, ...(await measure(stage, `${provider}-c${concurrency}`, Math.ceil(requests / rounds), (url, commands) => sendCommands(url, secret, commands, concurrency))) }
      : null;
    return { provider, run: runIndex + 1, openLoop, saturation, ...(profileDir ? { profileDir } : {}) };
  } finally {
    // Hearth first, so its CPU profile (if any) is written on its own shutdown.
    for (const child of children.reverse()) await stopChild(child);
    process.off('exit', orphans);
    await database.drop();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;
const cpuText = (c: ThreadCpu) => `${c.main}/${c.niced}/${c.helpers}`;
const line = (label: string, m: Measured) => {
  const s = (name: string, x: Summary) =>
    `${label} ${name.padEnd(6)} p50 ${x.p50Ms} ms, p90 ${x.p90Ms} ms, p99 ${x.p99Ms} ms, max ${x.maxMs} ms; ${x.perSecond}/s; errors ${x.errors} of ${x.requests + x.errors}${x.errors ? ` ${JSON.stringify(x.errorKinds)}` : ''}`;
  const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
  return [
    s('bare', m.bare), s('Hearth', m.hearth),
    `${label} Hearth/bare: p50 ×${m.ratio.p50} (rounds ${range(m.ratio.p50ByRound)}), p90 ×${m.ratio.p90}, p99 ×${m.ratio.p99} (rounds ${range(m.ratio.p99ByRound)}); ` +
      `replies ${m.hearth.replies.received} (${m.hearth.replies.failed} failed, ${m.hearth.replies.lost} lost), reply p50 ${m.hearth.replies.p50Ms} ms, p99 ${m.hearth.replies.p99Ms} ms` +
      ('generatorLagMs' in m && m.generatorLagMs ? `; generator lag p99 ${m.generatorLagMs.p99} ms` : ''),
    ...(m.cpuMicrosecondsPerCommand
      ? [
          `${label} CPU µs per command (main/niced/helper threads): bare ${cpuText(m.cpuMicrosecondsPerCommand.bare)}; ` +
            `Hearth during its batch ${cpuText(m.cpuMicrosecondsPerCommand.hearthDuringBatch)}, until its replies ${cpuText(m.cpuMicrosecondsPerCommand.hearthUntilReplies)}; ` +
            `fake Slack until Hearth's replies ${cpuText(m.cpuMicrosecondsPerCommand.fakeSlackUntilReplies)}`,
        ]
      : []),
  ].join('\n');
};

const results: Array<Awaited<ReturnType<typeof run>>> = [];
for (let r = 0; r < runs; r++) {
  for (const provider of providers) {
    const result = await run(provider, r);
    results.push(result);
    for (const o of result.openLoop) console.log(line(`${provider} run ${r + 1} ${o.rate}/s`, o));
    if (result.saturation) console.log(line(`${provider} run ${r + 1} saturation c=${concurrency}`, result.saturation));
    if (result.profileDir) console.log(`${provider} Hearth CPU profile in ${result.profileDir}`);
  }
}

/** Each ratio's range across runs, per provider and load: the spread the README quotes. */
const spread = providers.map((provider) => {
  const mine = results.filter((r) => r.provider === provider);
  const range = (xs: number[]) => [Math.min(...xs), Math.max(...xs)];
  const of = (ms: Measured[]) => ({ p50: range(ms.map((m) => m.ratio.p50)), p90: range(ms.map((m) => m.ratio.p90)), p99: range(ms.map((m) => m.ratio.p99)) });
  return {
    provider,
    openLoop: rates.map((rate) => ({ rate, ...of(mine.map((r) => r.openLoop.find((o) => o.rate === rate)!)) })),
    ...(concurrency > 0 ? { saturation: of(mine.map((r) => r.saturation!)) } : {}),
  };
});
console.log(`Hearth/bare ranges across ${runs} run(s): ${JSON.stringify(spread)}`);

if (seconds >= defaults.seconds && requests >= defaults.requests && rates.length > 0 && concurrency > 0) {
  mkdirSync(join(repositoryRoot, 'bench', 'results'), { recursive: true });
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length };
  const strip = <T extends { saturation: unknown; openLoop: unknown }>({ saturation: _s, openLoop: _o, ...rest }: T) => rest;
  writeFileSync(
    join(repositoryRoot, 'bench', 'results', 'ack.json'),
    JSON.stringify({
      machine, cpus: values.cpus, runs, mix: mix.map((m) => m.join(' ')), warmup, rounds, spread,
      openLoop: { rates, secondsPerServer: seconds, arrivals, results: results.map((r) => ({ ...strip(r), byRate: r.openLoop })) },
      saturation: { requests, concurrency, results: results.map((r) => ({ ...strip(r), ...r.saturation })) },
    }, null, 2) + '\n',
  );
}
process.exit(0);

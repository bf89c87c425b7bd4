/**
 * The acknowledgement benchmark's load generator, in two modes. Open loop (`sendAtRate`):
 * commands arrive on a schedule fixed in advance, whatever the server does, as a workspace's
 * people press Enter; the latency is the one they see at that rate. Closed loop (`sendCommands`):
 * C clients each send their next command as soon as the last was acknowledged, so a slower
 * server is offered less, and the figure is really throughput (Little's law). Runs in the
 * benchmark's own process, apart from both servers, over keep-alive connections as Slack's are.
 * Signing happens before the clock starts: the latency is only the server's.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface SlashCommand {
  userId: string;
  command: string;
  text: string;
  /** Where the server's reply goes; also names the request in the fake Slack's log. */
  responseUrl: string;
}

export interface LoadResult {
  /** Request start to the end of the HTTP response, per acknowledged request. */
  latenciesMs: number[];
  /** Requests answered with anything but 200, or not answered at all. */
  errors: number;
  /** The errors by status code, or `network` (Bolt answers 404 to a request nothing acknowledged in 3 s). */
  errorKinds: Record<string, number>;
  elapsedMs: number;
  /** When each command was sent (epoch ms), by its index, to time the reply that follows. */
  sentAtMs: number[];
}

/** Slack's form body for a slash command, from the fake's workspace. */
export function slashCommandBody(c: SlashCommand, triggerId: string): string {
  return new URLSearchParams({
    token: 'legacy', team_id: 'T0FAKE1', team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general',
    user_id: c.userId, user_name: c.userId.toLowerCase(), command: c.command, text: c.text, api_app_id: 'A0FAKE',
    is_enterprise_install: 'false', response_url: c.responseUrl, trigger_id: triggerId,
  }).toString();
}

type RecordOutcome = (outcome: { ok: true; ms: number } | { ok: false; kind: string }) => void;

/** Signs and sends one command as Slack would, and records its acknowledgement time or failure. */
function sendOne(agent: Agent, target: URL, secret: string, c: SlashCommand, n: number, record: RecordOutcome): Promise<void> {
  return new Promise<void>((resolve) => {
    const body = slashCommandBody(c, `${n}.${Date.now()}.bench`);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature,
    };
    const began = performance.now();
    const req = request({ agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => {
        record(res.statusCode === 200 ? { ok: true, ms: performance.now() - began } : { ok: false, kind: String(res.statusCode) });
        resolve();
      });
    });
    req.on('error', () => {
      record({ ok: false, kind: 'network' });
      resolve();
    });
    req.end(body);
  });
}

/** The result being filled in, and the function that fills it. */
function createRecorder(): { result: LoadResult; record: RecordOutcome } {
  const result: LoadResult = { latenciesMs: [], errors: 0, errorKinds: {}, elapsedMs: 0, sentAtMs: [] };
  const record: RecordOutcome = (outcome) => {
    if (outcome.ok) result.latenciesMs.push(outcome.ms);
    else {
      result.errors++;
      result.errorKinds[outcome.kind] = (result.errorKinds[outcome.kind] ?? 0) + 1;
    }
  };
  return { result, record };
}

/**
 * Sends every command through `concurrency` clients and times each acknowledgement. Connections
 * are kept alive within the batch and closed after it: reusing one a server is about to close
 * for idleness (Node's 5 s keep-alive timeout, between rounds) would count the race as an error.
 */
export async function sendCommands(url: string, secret: string, commands: SlashCommand[], concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { result, record } = createRecorder();
  const target = new URL(url);
  let next = 0;
  const client = async () => {
    for (let n = next++; n < commands.length; n = next++) {
      result.sentAtMs[n] = Date.now();
      await sendOne(agent, target, secret, commands[n]!, n, record);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, commands.length) }, client));
  result.elapsedMs = performance.now() - began;
  agent.destroy();
  return result;
}

/** How arrivals are spread: a Poisson process (independent people), or one every 1/rate seconds. */
export type Arrivals = 'poisson' | 'even';

/**
 * When each of `count` commands is sent, in ms from the start, at `perSecond` on average. Seeded,
 * so the bare app and Hearth are offered the very same schedule in a round.
 */
export function arrivalSchedule(count: number, perSecond: number, arrivals: Arrivals, seed: number): number[] {
  // mulberry32: small, seedable, good enough to draw exponential gaps.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const meanGapMs = 1000 / perSecond;
  const at: number[] = [];
  let t = 0;
  for (let n = 0; n < count; n++) {
    at.push(t);
    t += arrivals === 'even' ? meanGapMs : -Math.log(1 - random()) * meanGapMs;
  }
  return at;
}

/** An open-loop batch's result: also how late the generator sent against its own schedule. */
export interface RateResult extends LoadResult {
  /** Sent minus scheduled, per command (ms): large values mean the generator, not the server, was slow. */
  lagMs: number[];
}

/**
 * Sends command n at `schedule[n]` ms after the start, whether or not earlier ones were
 * acknowledged (an open loop: a slow server is offered the same load and queues it, as Slack's
 * users would queue). Each request gets a connection of its own when none is free, so no
 * request waits in the client.
 */
export async function sendAtRate(url: string, secret: string, commands: SlashCommand[], schedule: number[]): Promise<RateResult> {
  // Free sockets are closed after 4 s, before the server's 5 s keep-alive timeout can race a reuse.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4000 });
  const { result, record } = createRecorder();
  const lagMs: number[] = [];
  const target = new URL(url);
  const pending: Array<Promise<void>> = [];
  const began = performance.now();
  for (const [n, c] of commands.entries()) {
    const wait = began + schedule[n]! - performance.now();
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait));
    lagMs.push(performance.now() - began - schedule[n]!);
    result.sentAtMs[n] = Date.now();
    pending.push(sendOne(agent, target, secret, c, n, record));
  }
  await Promise.all(pending);
  result.elapsedMs = performance.now() - began;
  agent.destroy();
  return { ...result, lagMs };
}

/** The value at quantile q (nearest rank) of an ascending array. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

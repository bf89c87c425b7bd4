import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { backoffMs, createDispatcher, DeliveryError, type OutboundItem } from '../../src/core/delivery.ts';
import { textMessage } from '../../src/core/message.ts';
import type { Destination, PlatformAdapter } from '../../src/core/ports.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

type Behaviour = (key: string, attempt: number) => void;

/** A platform whose sends fail as told, recording every successful send by key. */
function flakyAdapter(behaviour: Behaviour = () => {}) {
  const sent: string[] = [];
  const tries = new Map<string, number>();
  const adapter: PlatformAdapter = {
    platform: 'playground', workspace: 'local', workspaceName: 'Test', routes: [],
    async start() {}, async stop() {},
    async send(_destination: Destination, _message, { key }) {
      const attempt = (tries.get(key) ?? 0) + 1;
      tries.set(key, attempt);
      behaviour(key, attempt);
      sent.push(key);
    },
  };
  return { adapter, sent, tries };
}

const item = (key: string, userId = 'ana@example.com'): OutboundItem => ({
  key, platform: 'playground', workspace: 'local', destination: { kind: 'dm', userId, workspace: 'local' }, message: textMessage(`hello ${key}`),
});

describeEachDatabase('delivery queue', (provider) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = await database.open();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const setup = (behaviour?: Behaviour, maxAttempts = 3) => {
    const clock = createFixedClock('2026-12-01T09:00:00Z');
    const queue = createDeliveryQueue(db.client);
    const logger = createMemoryLogger();
    const platform = flakyAdapter(behaviour);
    const dispatcher = createDispatcher({ queue, adapters: [platform.adapter], clock, logger, maxAttempts, leaseMs: 60_000, random: () => 0.5 });
    return { clock, queue, logger, dispatcher, ...platform };
  };

  it('queues a key once, however often it is queued, and sends it once', async () => {
    const { queue, dispatcher, sent, clock } = setup();
    expect(await queue.enqueue([item('once-1'), item('once-1')], clock.now())).toBe(1);
    expect(await queue.enqueue([item('once-1')], clock.now())).toBe(0);
    expect(await dispatcher.drain()).toBe(1);
    expect(await dispatcher.drain()).toBe(0);
    expect(sent).toEqual(['once-1']);
  });

  it('withdraws what still waits under a key prefix, and leaves what is sent or being sent', async () => {
    const { queue, dispatcher, sent, clock } = setup();
    const at = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000);
    await queue.enqueue([item('withdraw:a:sent')], clock.now());
    await dispatcher.drain();
    await queue.enqueue([{ ...item('withdraw:a:sending'), notBefore: at(1) }, { ...item('withdraw:a:waiting'), notBefore: at(2) }, { ...item('withdraw:b:waiting'), notBefore: at(2) }], clock.now());
    // One is claimed by a lane as the withdrawal comes: it is on its way, and goes.
    clock.advance(3_600_000);
    const claimed = await queue.claim(clock.now(), 10, 60_000);
    expect(claimed.map((c) => c.key)).toEqual(['withdraw:a:sending']);
    expect(await queue.withdraw('withdraw:a:', 'called off')).toBe(1);
    await queue.markSent(claimed[0]!.id, clock.now());
    clock.advance(3_600_000);
    expect(await dispatcher.drain()).toBe(1);
    expect(sent).toEqual(['withdraw:a:sent', 'withdraw:b:waiting']);
    const rows = await db.client.delivery.findMany({ where: { key: { startsWith: 'withdraw:' } }, orderBy: { key: 'asc' } });
    expect(rows.map((r) => [r.key, r.status])).toEqual([
      ['withdraw:a:sending', 'sent'], ['withdraw:a:sent', 'sent'], ['withdraw:a:waiting', 'withdrawn'], ['withdraw:b:waiting', 'sent'],
    ]);
    expect(rows.find((r) => r.key === 'withdraw:a:waiting')?.lastError).toBe('called off');
    expect((await queue.counts()).withdrawn).toBe(1);
  });

  it('retries a transient failure with backoff, then gives up after the attempt limit and says so', async () => {
    const { queue, dispatcher, sent, clock, logger, tries } = setup((key) => {
      if (key === 'flaky-1') throw new Error('socket hang up');
    });
    await queue.enqueue([item('flaky-1')], clock.now());
    await dispatcher.drain();
    expect(tries.get('flaky-1')).toBe(1);
    clock.advance(backoffMs(1, () => 0.5) - 1);
    await dispatcher.drain();
    expect(tries.get('flaky-1')).toBe(1);
    clock.advance(1);
    await dispatcher.drain();
    expect(tries.get('flaky-1')).toBe(2);
    clock.advance(backoffMs(2, () => 0.5));
    await dispatcher.drain();
    expect(tries.get('flaky-1')).toBe(3);
    clock.advance(3_600_000);
    await dispatcher.drain();
    expect(tries.get('flaky-1')).toBe(3);
    expect(sent).not.toContain('flaky-1');
    expect(await db.client.delivery.findUnique({ where: { key: 'flaky-1' } })).toMatchObject({ status: 'failed', lastError: 'socket hang up' });
    expect(logger.lines.find((l) => l.level === 'error' && l.deliveryKey === 'flaky-1')).toBeDefined();
  });

  it('waits exactly as long as Retry-After says, without counting the wait as a failure', async () => {
    const { queue, dispatcher, sent, clock } = setup((_key, attempt) => {
      if (attempt <= 5) throw new DeliveryError('ratelimited', { retryAfterMs: 30_000 });
    });
    await queue.enqueue([item('limited-1')], clock.now());
    for (let i = 0; i < 5; i++) {
      await dispatcher.drain();
      clock.advance(29_999);
      await dispatcher.drain();
      clock.advance(1);
    }
    await dispatcher.drain();
    expect(sent).toEqual(['limited-1']);
    expect(await db.client.delivery.findUnique({ where: { key: 'limited-1' } })).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not retry a permanent failure', async () => {
    const { queue, dispatcher, clock, tries } = setup(() => {
      throw new DeliveryError('channel_not_found', { permanent: true });
    });
    await queue.enqueue([item('perm-1')], clock.now());
    await dispatcher.drain();
    clock.advance(86_400_000);
    await dispatcher.drain();
    expect(tries.get('perm-1')).toBe(1);
    expect(await db.client.delivery.findUnique({ where: { key: 'perm-1' } })).toMatchObject({ status: 'failed', lastError: 'channel_not_found' });
  });

  it('picks up a delivery whose sender died mid-send once its lease expires', async () => {
    const { queue, dispatcher, sent, clock } = setup();
    await queue.enqueue([item('crash-1')], clock.now());
    const claimed = await queue.claim(clock.now(), 10, 60_000);
    expect(claimed.map((c) => c.key)).toEqual(['crash-1']);
    // The claimer "crashes" here: never marks it sent or failed.
    await dispatcher.drain();
    expect(sent).toEqual([]);
    clock.advance(60_001);
    await dispatcher.drain();
    expect(sent).toEqual(['crash-1']);
  });

  it('sends each of 300 messages exactly once with three senders on their own connections', async () => {
    const clock = createFixedClock('2026-12-01T09:00:00Z');
    const platform = flakyAdapter();
    const connections = [db, await database.open(), await database.open()];
    try {
      const keys = Array.from({ length: 300 }, (_, i) => `race-${i}`);
      await createDeliveryQueue(db.client).enqueue(keys.map((k) => item(k)), clock.now());
      const senders = connections.map((c) =>
        createDispatcher({ queue: createDeliveryQueue(c.client), adapters: [platform.adapter], clock, logger: createMemoryLogger(), batchSize: 20 }),
      );
      const counts = await Promise.all(senders.map((s) => s.drain()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
      expect(platform.sent.filter((k) => k.startsWith('race-')).sort()).toEqual([...keys].sort());
    } finally {
      await Promise.all(connections.slice(1).map((c) => c.close()));
    }
  });

  it('sends to each platform at its own pace: a slow one with a backlog holds up no other', async () => {
    const clock = createFixedClock('2026-12-01T09:00:00Z');
    const queue = createDeliveryQueue(db.client);
    const finished: string[] = [];
    // The slow platform answers nothing until the fast one has sent everything: a fast lane that
    // waited on the slow one would never get there, and the drain would hang.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const lane = (platform: 'slack' | 'teams', slow: boolean): PlatformAdapter => ({
      platform, workspace: 'W1', workspaceName: platform, routes: [], async start() {}, async stop() {},
      async send(_d, _m, { key }) {
        if (slow) await gate;
        finished.push(key);
        if (finished.filter((k) => k.startsWith('lane-fast-')).length === 20) open();
      },
    });
    const mixed = Array.from({ length: 20 }, (_, i) => [
      { ...item(`lane-slow-${i}`), platform: 'slack' as const, workspace: 'W1' },
      { ...item(`lane-fast-${i}`), platform: 'teams' as const, workspace: 'W1' },
    ]).flat();
    await queue.enqueue(mixed, clock.now());
    const dispatcher = createDispatcher({ queue, adapters: [lane('slack', true), lane('teams', false)], clock, logger: createMemoryLogger(), batchSize: 4 });
    const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the fast lane waited for the slow one')), 20_000).unref());
    expect(await Promise.race([dispatcher.drain(), stuck])).toBe(40);
    expect(finished.slice(0, 20).every((k) => k.startsWith('lane-fast-'))).toBe(true);
  });

  it('never sends again what it is still sending when that send outlasts its lease', async () => {
    const clock = createFixedClock('2026-12-01T09:00:00Z');
    const queue = createDeliveryQueue(db.client);
    const sends: string[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    let releaseNext!: () => void;
    const next = new Promise<void>((resolve) => (releaseNext = resolve));
    const adapter: PlatformAdapter = {
      platform: 'playground', workspace: 'local', workspaceName: 'Test', routes: [], async start() {}, async stop() {},
      async send(_d, _m, { key }) {
        sends.push(key);
        await (key === 'outlast-slow' ? slow : next);
      },
    };
    await queue.enqueue([item('outlast-slow'), item('outlast-next')], clock.now());
    const dispatcher = createDispatcher({ queue, adapters: [adapter], clock, logger: createMemoryLogger(), batchSize: 4, leaseMs: 60_000 });
    const drained = dispatcher.drain();
    await waitFor(() => sends.length === 2, 5000, 'both sends to start');
    // The slow one waits past its lease; when the other finishes, the lane claims again and
    // finds the slow one's lease run out.
    clock.advance(120_000);
    releaseNext();
    await waitFor(async () => (await db.client.delivery.findFirst({ where: { key: 'outlast-slow' } }))?.attempts === 2, 5000, 'the slow one to be claimed again');
    releaseSlow();
    expect(await drained).toBe(2);
    expect(sends.filter((k) => k === 'outlast-slow')).toEqual(['outlast-slow']);
    expect((await db.client.delivery.findFirst({ where: { key: 'outlast-slow' } }))?.status).toBe('sent');
  });

  it('leaves nothing claimed when stopped mid-drain: what is in flight finishes, the rest waits', async () => {
    const clock = createFixedClock('2026-12-01T09:00:00Z');
    const queue = createDeliveryQueue(db.client);
    const slow = flakyAdapter();
    const adapter: PlatformAdapter = { ...slow.adapter, send: async (...args) => { await new Promise((r) => setTimeout(r, 50)); return slow.adapter.send(...args); } };
    await queue.enqueue(Array.from({ length: 12 }, (_, i) => item(`stop-${i}`)), clock.now());
    const dispatcher = createDispatcher({ queue, adapters: [adapter], clock, logger: createMemoryLogger(), batchSize: 3 });
    dispatcher.start();
    while (slow.sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    await dispatcher.stop();
    const rows = await db.client.delivery.findMany({ where: { key: { startsWith: 'stop-' } } });
    // Nothing is left claimed by a sender that has gone: the rest is pending, ready for the next.
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    expect(rows.filter((r) => r.status === 'sent').length).toBe(slow.sent.length);
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.attempts === 0)).toBe(true);
    expect(slow.sent.length).toBeLessThan(12);
  });
});

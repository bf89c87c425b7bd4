/**
 * Three whole Hearths on one database, ticking and delivering at the same moments, as three
 * replicas behind a load balancer would: every scheduled occurrence runs once and every message
 * is sent once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type HearthApp } from '../../src/app.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { createDataLayer, createFeatures } from '../../src/data.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createRecordingAdapter } from '../support/bot.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/db.ts';
import { createMemoryLogger } from '../support/logger.ts';

describeEachDatabase('three replicas on one database', (provider) => {
  let database: TestDatabase;
  const connections: Database[] = [];
  const apps: HearthApp[] = [];
  const adapters = [createRecordingAdapter(), createRecordingAdapter(), createRecordingAdapter()];
  const clock = createFixedClock('2026-12-01T09:00:00Z');
  const user = (email: string) => ({ platform: 'playground' as const, workspace: 'local', userId: email, email });
  const say = async (app: HearthApp, email: string, text: string) => (await app.handle({ kind: 'command', user: user(email), text })).replies.map((r) => r.text).join('\n');

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    for (const adapter of adapters) {
      const db = await database.open();
      connections.push(db);
      apps.push(
        await createApp({
          data: createDataLayer(db.client), features: createFeatures(db.client), clock, logger: createMemoryLogger(), adapters: [adapter],
          deliverInBackground: false, organization: { name: 'Replicas', timezone: 'Europe/London', locale: 'en' },
        }),
      );
    }
    expect((await importRoster(createDataLayer(connections[0]!.client).store, apps[0]!.org, demoRosterCsv(), null)).ok).toBe(true);
  });
  afterAll(async () => {
    for (const db of connections) await db.close();
    await database.drop();
  });

  it('runs each lunch round, rotation reminder and gathering reminder once, and sends each message once', async () => {
    expect(await say(apps[0]!, 'morgan.blake@example.com', '/lunch schedule team:all day:wed time:12:30 every:1 size:4')).toContain('Next lunch: 2026-12-09 12:30');
    const programme = (await connections[0]!.client.schedule.findFirstOrThrow({ where: { kind: 'lunch.round' } })).id;
    const members = await connections[0]!.client.member.findMany({ where: { role: { in: ['agent', 'supervisor'] } } });
    for (const [i, m] of members.entries()) await apps[i % 3]!.handle({ kind: 'action', user: user(m.email), actionId: 'lunch.join', value: programme });
    expect(await say(apps[1]!, 'sofia.reyes@example.com', '/rotation schedule manager-for-a-day month:2026-12')).toContain('Scheduled');
    expect(await say(apps[2]!, 'ana.souza@example.com', '/gathering plan "Replica hotpot" 2026-12-18 19:00')).toContain('Planned');
    // Four weeks, every replica ticking and delivering at the same instants, answering invitations as they come.
    for (let hour = 0; hour < 28 * 24; hour += 1) {
      await Promise.all(apps.map((app) => app.scheduler.tick()));
      await Promise.all(apps.map((app) => app.deliveries.drain()));
      const open = await connections[0]!.client.lunchRsvp.findMany({ where: { answer: 'pending', round: { status: 'inviting' } }, take: 5 });
      for (const [i, r] of open.entries()) {
        const m = members.find((x) => x.id === r.memberId);
        if (m) await apps[i % 3]!.handle({ kind: 'action', user: user(m.email), actionId: 'lunch.rsvp', value: `${r.roundId}:yes` });
      }
      clock.advance(3_600_000);
    }
    const occurrences = await connections[0]!.client.occurrence.findMany();
    expect(occurrences.filter((o) => o.kind === 'lunch.round').map((o) => o.key.slice(-16))).toEqual(
      expect.arrayContaining(['2026-12-09T12:30', '2026-12-16T12:30', '2026-12-23T12:30']),
    );
    // Each occurrence was claimed and run by exactly one replica, once.
    expect(occurrences.filter((o) => o.status !== 'pending').filter((o) => o.attempts !== 1 || !['done', 'skipped'].includes(o.status)).map((o) => [o.key, o.status, o.attempts, o.result])).toEqual([]);
    const sent = adapters.flatMap((a) => a.sent);
    const round = await connections[0]!.client.lunchRound.findFirstOrThrow({ where: { date: '2026-12-16' } });
    const invites = sent.filter((s) => s.key.startsWith(`lunch.invite:${round.id}:`));
    expect(invites.length).toBe(members.length);
    expect(new Set(invites.map((s) => (s.destination.kind === 'dm' ? s.destination.userId : ''))).size).toBe(members.length);
    // No message reached anyone twice, whichever replica sent it.
    const deliveries = await connections[0]!.client.delivery.findMany({ where: { status: 'sent' } });
    expect(sent.length).toBe(deliveries.length);
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(100);
  }, 300_000);
});

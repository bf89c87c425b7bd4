/**
 * Teams' last gap in "nothing is lost or duplicated across a restart": the Bot Connector cannot
 * say whether an activity arrived, so a crash between Teams taking a message and Hearth recording
 * it used to send the message again. Now a retry first reads the conversation back through
 * Microsoft Graph (fake here, serving what the fake connector took, in Graph's shape) and skips
 * a message whose delivery key is already there; when Graph cannot answer, it sends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/index.ts';
import { toGraphConversation } from '../../adapters/teams/graph.ts';
import { deliveryKeyOf, renderActivity } from '../../adapters/teams/render.ts';
import { loadConfig, teamsGraph } from '../../src/config.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import { createDispatcher, type Dispatcher, type OutboundItem } from '../../src/core/delivery.ts';
import type { Destination } from '../../src/core/ports.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createConversationRefs } from '../../src/infra/db/conversation-refs.ts';
import { createDeliveryQueue } from '../../src/infra/db/delivery-queue.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/db.ts';
import { startDroppingProxy, type DroppingProxy } from '../support/dropping-proxy.ts';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph.ts';
import { startFakeTeams, type FakeTeams, type Sent } from '../support/fake-teams.ts';
import { createMemoryLogger, type MemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const appId = '11111111-2222-4333-8444-555555555555';
const appPassword = 'fake-graph-client-secret';
const tenant = 'tenant-fake';
const groupId = '0d7c63d3-1306-4eec-8f21-588a70fb6ef1';
const channel = '19:support-a@thread.tacv2';
const aad = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const personal = (n: number) => `a:personal-${aad(n)}`;
const graphChat = (n: number) => `chats/19:${aad(n)}_${appId}@unq.gbl.spaces/messages`;
const keyOf = (s: Sent) => deliveryKeyOf(s.activity.attachments?.[0]?.content);
const noLimits = { perConversation: [], shared: [] };

/** A stored conversation reference for a person's 1:1 chat, as Hearth keeps one. */
const personalReference = (n: number, serviceUrl: string) => JSON.stringify({
  channelId: 'msteams', serviceUrl, bot: { id: `28:${appId}`, name: 'Hearth' },
  user: { id: `29:${n}`, aadObjectId: aad(n) }, conversation: { id: personal(n), conversationType: 'personal', tenantId: tenant },
});
const dm = (key: string, n: number, text = `hello ${n}`): OutboundItem => ({
  key, platform: 'teams', workspace: 'default', destination: { kind: 'dm', userId: aad(n), workspace: 'default' }, message: { text, blocks: [{ type: 'text', text }] },
});

describe('the delivery key in a Teams card', () => {
  it('rides unseen: the card people see is the same, plus one empty hidden container holding the key', () => {
    const message = { text: 'Lunch on *Thursday*', blocks: [{ type: 'header' as const, text: 'Lunch' }, { type: 'text' as const, text: 'Lunch on *Thursday*' }] };
    const plain = renderActivity(message) as { summary: string; attachments: Array<{ content: { body: unknown[]; fallbackText: string } }> };
    const marked = renderActivity(message, { deliveryKey: 'lunch:42:ana' }) as typeof plain;
    expect(marked.summary).toBe(plain.summary);
    expect(marked.attachments[0]!.content.fallbackText).toBe(plain.attachments[0]!.content.fallbackText);
    expect(marked.attachments[0]!.content.body).toEqual([...plain.attachments[0]!.content.body, { type: 'Container', id: 'hearth-delivery:lunch:42:ana', isVisible: false, items: [] }]);
    // Graph hands the card back as a JSON string; the key survives the round trip.
    expect(deliveryKeyOf(JSON.parse(JSON.stringify(marked.attachments[0]!.content)))).toBe('lunch:42:ana');
    expect(deliveryKeyOf(plain.attachments[0]!.content)).toBeUndefined();
  });

  it('finds a conversation where Graph keeps it', () => {
    const dmTo: Destination = { kind: 'dm', userId: aad(7), workspace: 'default' };
    const at = (id: string, conversationType: string) => ({ conversation: { id, conversationType, tenantId: tenant } });
    expect(toGraphConversation(at(personal(7), 'personal'), dmTo, appId)).toEqual({ conversation: { kind: 'chat', chatId: `19:${aad(7)}_${appId}@unq.gbl.spaces`, tenantId: tenant } });
    expect(toGraphConversation(at('19:abc@thread.v2', 'groupChat'), { kind: 'channel', channel: '19:abc@thread.v2', workspace: 'default' }, appId))
      .toEqual({ conversation: { kind: 'chat', chatId: '19:abc@thread.v2', tenantId: tenant } });
    const thread = { kind: 'channel' as const, channel: `${channel};messageid=1764579600123`, workspace: 'default' };
    expect(toGraphConversation(at(thread.channel, 'channel'), thread, appId, groupId))
      .toEqual({ conversation: { kind: 'channel', teamId: groupId, channelId: channel, threadId: '1764579600123', tenantId: tenant } });
    expect(toGraphConversation(at(thread.channel, 'channel'), thread, appId)).toHaveProperty('reason');
    // Someone Teams gave no Entra id for: no Graph id can be worked out.
    expect(toGraphConversation(at('a:xyz', 'personal'), { kind: 'dm', userId: '29:1abc', workspace: 'default' }, appId)).toHaveProperty('reason');
  });
});

describe('Graph settings', () => {
  it('come from the bot’s own credentials, only with authentication on, with Graph and login overridable', () => {
    const env = {
      MicrosoftAppId: appId, MicrosoftAppPassword: 'bot-password', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso-tenant',
      HEARTH_GRAPH_URL: 'https://graph.microsoft.us/v1.0/', HEARTH_TEAMS_LOGIN_URL: 'https://login.microsoftonline.us/',
    };
    expect(teamsGraph(loadConfig(env))).toEqual({
      appId, appPassword: 'bot-password', tenantId: 'contoso-tenant', graphUrl: 'https://graph.microsoft.us/v1.0/', loginUrl: 'https://login.microsoftonline.us/',
    });
    expect(teamsGraph(loadConfig({ ...env, HEARTH_TEAMS_NO_AUTH: '1' }))).toBeUndefined();
    expect(() => loadConfig({ HEARTH_GRAPH_URL: 'graph.microsoft.com' })).toThrow(/HEARTH_GRAPH_URL: must be an http\(s\) URL/);
  });
});

describe('the Teams app package asks for the read-back permissions', () => {
  it('declares resource-specific consent for its chats and channels, granted to the bot’s app id', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'adapters', 'teams', 'manifest.json'), 'utf8')) as { authorization: { permissions: { resourceSpecific: unknown[] } } };
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChatMessage.Read.Chat', type: 'Application' },
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
    ]);
    const id = '11111111-2222-3333-4444-555555555555';
    await promisify(execFile)(process.execPath, ['scripts/package-teams.mjs'], { cwd: root, env: { ...process.env, MicrosoftAppId: id, HEARTH_PUBLIC_URL: 'https://hearth.acme.example' } });
    const packaged = JSON.parse(new AdmZip(join(root, 'dist', 'hearth-teams.zip')).readAsText('manifest.json')) as { webApplicationInfo: { id: string; resource: string } };
    expect(packaged.webApplicationInfo).toEqual({ id, resource: 'https://hearth.acme.example' });
  });
});

describeEachDatabase('a Teams retry reads the conversation back first', (provider) => {
  let fake: FakeTeams;
  let proxy: DroppingProxy;
  let graph: FakeGraph;
  let database: TestDatabase;
  let db: Database;
  let logger: MemoryLogger;
  let dispatcher: Dispatcher;
  const clock = createFixedClock('2026-12-01T09:00:00Z');

  beforeAll(async () => {
    fake = await startFakeTeams([], { limits: noLimits });
    proxy = await startDroppingProxy(fake.serviceUrl);
    graph = await startFakeGraph({ connector: fake, appId, appPassword, teams: { [channel]: groupId } });
    database = await createTestDatabase(provider);
    db = await database.open();
    logger = createMemoryLogger();
    const refs = createConversationRefs(db.client);
    for (let n = 1; n <= 6; n += 1) await refs.save('teams', 'default', `user:${aad(n)}`, personalReference(n, proxy.url));
    // A multi-tenant bot: no tenant configured, Graph is asked in the conversation's.
    const adapter = createTeamsAdapter({ noAuth: true, logger, refs, limits: noLimits, graph: { appId, appPassword, graphUrl: graph.url, loginUrl: graph.loginUrl } });
    await adapter.start(async () => ({ replies: [] }));
    // Teams says which team a channel is in with every activity from it; Hearth keeps that for Graph.
    const activity = {
      type: 'conversationUpdate', id: 'act-1', serviceUrl: proxy.url, channelId: 'msteams',
      from: { id: '29:1Sofia', aadObjectId: aad(9) }, recipient: { id: `28:${appId}`, name: 'Hearth' },
      conversation: { id: `${channel};messageid=1764579600123`, conversationType: 'channel', tenantId: tenant },
      channelData: { team: { id: '19:team@thread.tacv2', aadGroupId: groupId }, channel: { id: channel }, tenant: { id: tenant } },
    };
    const route = adapter.routes[0]!;
    if (!('handle' in route)) throw new Error('the Teams adapter serves /api/messages with a handler');
    const handled = await route.handle({ method: 'POST', path: '/api/messages', query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(activity)) });
    expect(handled.status).toBeLessThan(300);
    dispatcher = createDispatcher({ queue: createDeliveryQueue(db.client), adapters: [adapter], clock, logger, random: () => 0.5 });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await graph?.close();
    await proxy?.close();
    await fake?.close();
  });

  const queue = () => createDeliveryQueue(db.client);
  const keysIn = (conversationId: string) => fake.sent.filter((s) => s.conversationId === conversationId).map(keyOf);
  const row = (key: string) => db.client.delivery.findFirstOrThrow({ where: { key } });
  /** Queues and sends; then, past any backoff, sends what is due again (attempt 2). */
  async function sendTwice(items: OutboundItem[]): Promise<[number, number]> {
    await queue().enqueue(items, clock.now());
    const first = await dispatcher.drain();
    clock.advance(10 * 60_000);
    return [first, await dispatcher.drain()];
  }
  const couldNotCheck = () => logger.lines.filter((l) => l.level === 'warn' && String(l.msg).startsWith('teams: could not check'));

  it('does not send again a message Teams took before Hearth heard back (the crash window)', async () => {
    proxy.dropNext(1);
    const reads = graph.reads.length;
    expect(await sendTwice([dm('crash:1', 1)])).toEqual([0, 1]);
    expect(proxy.dropped).toBe(1);
    expect(keysIn(personal(1))).toEqual(['crash:1']);
    expect(await row('crash:1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(graph.reads.slice(reads)).toEqual([graphChat(1)]);
  });

  it('sends on the retry a message that never arrived', async () => {
    fake.failNext({ status: 502 });
    const reads = graph.reads.length;
    expect(await sendTwice([dm('absent:1', 2)])).toEqual([0, 1]);
    expect(keysIn(personal(2))).toEqual(['absent:1']);
    expect(graph.reads.slice(reads)).toEqual([graphChat(2)]);
  });

  it('does not read Graph on a first attempt', async () => {
    const reads = graph.reads.length;
    expect(await sendTwice([dm('first:1', 2)])).toEqual([1, 0]);
    expect(graph.reads.length).toBe(reads);
  });

  it('reads a channel thread back under its team’s Entra group id', async () => {
    proxy.dropNext(1);
    const thread = `${channel};messageid=1764579600123`;
    const item: OutboundItem = { key: 'kudos:7', platform: 'teams', workspace: 'default', destination: { kind: 'channel', channel: thread, workspace: 'default' }, message: { text: 'Kudos!', blocks: [] } };
    expect(await sendTwice([item])).toEqual([0, 1]);
    expect(keysIn(thread)).toEqual(['kudos:7']);
    expect(graph.reads.at(-1)).toBe(`teams/${groupId}/channels/${channel}/messages/1764579600123/replies`);
  });

  it('sends anyway when Graph refuses (403, no consent), and says why once per conversation without what the message says', async () => {
    graph.forbid(`19:${aad(3)}_${appId}@unq.gbl.spaces`);
    proxy.dropNext(2);
    const warned = couldNotCheck().length;
    expect(await sendTwice([dm('forbidden:1', 3, 'secret words one'), dm('forbidden:2', 3, 'secret words two')])).toEqual([0, 2]);
    // A possible duplicate beats a lost message: both went again.
    expect(keysIn(personal(3)).sort()).toEqual(['forbidden:1', 'forbidden:1', 'forbidden:2', 'forbidden:2']);
    const lines = couldNotCheck().slice(warned);
    expect(lines).toHaveLength(1);
    expect(String(lines[0]!.reason)).toContain('403');
    expect(JSON.stringify(logger.lines)).not.toContain('secret words');
  });

  it('waits out a short 429 and asks Graph again', async () => {
    proxy.dropNext(1);
    graph.failNext({ status: 429, retryAfter: 1 });
    const reads = graph.reads.length;
    expect(await sendTwice([dm('throttled:1', 4)])).toEqual([0, 1]);
    expect(keysIn(personal(4))).toEqual(['throttled:1']);
    expect(graph.reads.slice(reads)).toEqual([graphChat(4), graphChat(4)]);
  });

  it('sends when Graph asks for a longer wait than a send can hold its place for, saying why', async () => {
    proxy.dropNext(1);
    graph.failNext({ status: 429, retryAfter: 120 });
    const warned = couldNotCheck().length;
    expect(await sendTwice([dm('throttled:2', 5)])).toEqual([0, 1]);
    expect(keysIn(personal(5))).toEqual(['throttled:2', 'throttled:2']);
    expect(String(couldNotCheck()[warned]?.reason)).toContain('429');
  });

  it('asked Entra ID for one Graph token, in the conversation’s tenant, and reused it', () => {
    expect(graph.issued).toEqual(['graph-token-1']);
  });
});

describeEachDatabase('kill -9 in the middle of a Teams fan-out', (provider) => {
  const total = 150;
  let fake: FakeTeams;
  let proxy: DroppingProxy;
  let graph: FakeGraph;
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    fake = await startFakeTeams([], { limits: noLimits });
    // Teams has the message before its answer arrives: a crash in between is the hard case.
    proxy = await startDroppingProxy(fake.serviceUrl, { responseDelayMs: 40 });
    graph = await startFakeGraph({ connector: fake, appId, appPassword });
    database = await createTestDatabase(provider);
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await graph?.close();
    await proxy?.close();
    await fake?.close();
  });

  const worker = (): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'test/support/deliver-worker.ts'], {
      cwd: root,
      env: { ...process.env, PLATFORM: 'teams', DATABASE_URL: database.url, LEASE_MS: '1500', GRAPH_APP_ID: appId, GRAPH_APP_PASSWORD: appPassword, HEARTH_GRAPH_URL: graph.url, HEARTH_TEAMS_LOGIN_URL: graph.loginUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  it('delivers every message exactly once across a SIGKILL and a restart', async () => {
    const refs = createConversationRefs(db.client);
    for (let n = 0; n < total; n += 1) await refs.save('teams', 'default', `user:${aad(n)}`, personalReference(n, proxy.url));
    expect(await createDeliveryQueue(db.client).enqueue(Array.from({ length: total }, (_, n) => dm(`fanout:${n}`, n)), new Date())).toBe(total);

    const first = worker();
    const firstExit = exited(first);
    await waitFor(() => fake.sent.length >= total / 3, 60_000, 'a third of the fan-out');
    first.kill('SIGKILL');
    await firstExit;
    expect(fake.sent.length).toBeLessThan(total);
    // Messages Teams took that the dead process never recorded: without the read-back, these went twice.
    const taken = new Set(fake.sent.map(keyOf));
    const unrecorded = await db.client.delivery.findMany({ where: { status: 'sending' }, select: { key: true } });
    expect(unrecorded.filter((d) => taken.has(d.key)).length).toBeGreaterThan(0);

    expect(await exited(worker())).toBe(0);
    const counts = new Map<string, number>();
    for (const key of fake.sent.map(keyOf)) counts.set(String(key), (counts.get(String(key)) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(total);
    expect(await createDeliveryQueue(db.client).counts()).toEqual({ pending: 0, sending: 0, sent: total, failed: 0, withdrawn: 0 });
    expect(graph.reads.length).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * Teams through botbuilder's real CloudAdapter at /api/messages (authentication off, as with the
 * Bot Framework Emulator), with replies and proactive messages caught by a fake Bot Connector.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { cardText, startFakeTeams, type FakeTeams, type FakeTeamsMember } from '../support/fake-teams.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';

const members: FakeTeamsMember[] = [
  { id: '29:1AnaFake', name: 'Ana Souza', aadObjectId: '00000000-0000-0000-0000-0000000000a1', email: 'ana.souza@example.com' },
  { id: '29:1SofiaFake', name: 'Sofia Reyes', aadObjectId: '00000000-0000-0000-0000-0000000000b2', email: 'sofia.reyes@example.com' },
  { id: '29:1WangFake', name: '王芳', aadObjectId: '00000000-0000-0000-0000-0000000000c3', email: 'wang.fang@example.com' },
  { id: '29:1AdminFake', name: 'Alex Admin', aadObjectId: '00000000-0000-0000-0000-0000000000e5', email: 'admin@example.com' },
  { id: '29:1ChloeFake', name: 'Chloe Martin', aadObjectId: '00000000-0000-0000-0000-0000000000f6', email: 'chloe.martin@example.com' },
];

describe('Teams through botbuilder (CloudAdapter, fake Bot Connector)', () => {
  let fake: FakeTeams;
  let database: TestDatabase;
  let hearth: RunningHearth;
  let seq = 0;

  const personal = (m: FakeTeamsMember, extra: Record<string, unknown>) => ({
    type: 'message', id: `act${++seq}`, timestamp: '2026-12-01T09:00:00.000Z', serviceUrl: fake.serviceUrl, channelId: 'msteams',
    from: { id: m.id, name: m.name, aadObjectId: m.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: `a:personal-${m.aadObjectId}` },
    recipient: { id: '28:hearth-bot', name: 'Hearth' }, locale: 'en-US', channelData: { tenant: { id: 'tenant-fake' } },
    ...extra,
  });
  const post = (activity: unknown) =>
    fetch(`${hearth.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const sentTo = (conversationId: string, after: number) => waitFor(() => fake.sent.slice(after).find((s) => s.conversationId === conversationId), 5000, `a message to ${conversationId}`);

  beforeAll(async () => {
    fake = await startFakeTeams(members);
    database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url, HEARTH_TEAMS_NO_AUTH: '1' });
    hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
  });
  afterAll(async () => {
    await hearth?.stop();
    await fake?.close();
    await database?.drop();
  });

  it('answers a personal message with an Adaptive Card 1.5, matching the person by their Teams email', async () => {
    const before = fake.sent.length;
    expect((await post(personal(members[0]!, { text: 'hearth whoami' }))).status).toBe(200);
    const reply = await sentTo(`a:personal-${members[0]!.aadObjectId}`, before);
    const card = reply.activity.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(reply)).toBe('You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.');
    expect(card.content.body[0]).toEqual({ type: 'TextBlock', text: 'You are **Ana Souza** (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.', wrap: true });
  });

  it('answers in Chinese to a Chinese-speaking agent, with the same permission rules', async () => {
    const before = fake.sent.length;
    await post(personal(members[2]!, { text: 'hearth roster' }));
    const reply = await sentTo(`a:personal-${members[2]!.aadObjectId}`, before);
    expect(cardText(reply)).toBe('⚠️ `hearth roster` 仅限主管使用；你的角色是坐席。\n请联系 林晓。');
  });

  it('runs a card button (Action.Submit data) through the core', async () => {
    const before = fake.sent.length;
    await post(personal(members[0]!, { value: { hearth: { action: 'hearth.whoami', value: '' } } }));
    expect(cardText(await sentTo(`a:personal-${members[0]!.aadObjectId}`, before))).toContain('You are *Ana Souza*');
  });

  it('updates the card an answer came from, so the person sees it was taken (a gathering RSVP)', async () => {
    const year = new Date().getUTCFullYear() + 1;
    await post(personal(members[1]!, { text: `gathering plan "Teams hotpot" ${year}-02-12 19:00` }));
    const gathering = await waitFor(() => hearth.db.client.gathering.findFirst({ where: { title: 'Teams hotpot' } }), 5000, 'the gathering');
    const before = fake.sent.length;
    await post(personal(members[0]!, { replyToId: 'card-activity-7', value: { hearth: { action: 'gathering.rsvp', value: `${gathering!.id}:yes` } } }));
    const updated = await waitFor(() => fake.sent.slice(before).find((x) => x.replyToId === 'card-activity-7'), 5000, 'the card update');
    expect(updated.conversationId).toBe(`a:personal-${members[0]!.aadObjectId}`);
    expect(JSON.stringify(updated.activity)).toContain('2 going so far');
    await waitFor(() => fake.sent.slice(before).find((x) => x.conversationId === `a:personal-${members[0]!.aadObjectId}` && cardText(x).startsWith('You’re in for “Teams hotpot”')), 5000, 'the reply');
  });

  it('answers an Action.Execute button in the invoke response: the card that replaces the clicked one', async () => {
    const year = new Date().getUTCFullYear() + 1;
    await post(personal(members[1]!, { text: `gathering plan "Execute hotpot" ${year}-03-12 19:00` }));
    const gathering = await waitFor(() => hearth.db.client.gathering.findFirst({ where: { title: 'Execute hotpot' } }), 5000, 'the gathering');
    const before = fake.sent.length;
    const res = await post(personal(members[0]!, {
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'gathering.rsvp', data: { hearth: { action: 'gathering.rsvp', value: `${gathering!.id}:yes` } } }, trigger: 'manual' },
    }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; type: string; value: { type: string; body: unknown[] } };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5' } });
    expect(JSON.stringify(body.value)).toContain('2 going so far');
    // The confirmation follows in the chat, as a message of its own.
    await waitFor(() => fake.sent.slice(before).find((x) => x.conversationId === `a:personal-${members[0]!.aadObjectId}` && cardText(x).startsWith('You’re in for “Execute hotpot”')), 5000, 'the reply');
  });

  it('shows a plain answer to an Action.Execute button by the card, and refuses one without Hearth data', async () => {
    const res = await post(personal(members[0]!, {
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'hearth.whoami', data: { hearth: { action: 'hearth.whoami', value: '' } } }, trigger: 'manual' },
    }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      statusCode: 200, type: 'application/vnd.microsoft.activity.message',
      value: 'You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.',
    });
    const bad = await post(personal(members[0]!, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x', data: {} } } }));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'card action without hearth data' } });
  });

  it('shows a form as card inputs, answers a bad submission at once and a good one with a confirmation', async () => {
    let before = fake.sent.length;
    await post(personal(members[1]!, { text: 'hearth settings' }));
    const form = await sentTo(`a:personal-${members[1]!.aadObjectId}`, before);
    const body = form.activity.attachments![0]!.content.body;
    expect(body.filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.type, e.id, e.value])).toEqual([
      ['Input.ChoiceSet', 'locale', 'en'],
      ['Input.Text', 'timezone', 'Europe/London'],
    ]);
    expect(form.activity.attachments![0]!.content.actions).toEqual([{ type: 'Action.Submit', title: 'Save', style: 'positive', data: { hearth: { form: 'hearth.settings' } } }]);
    before = fake.sent.length;
    await post(personal(members[1]!, { value: { hearth: { form: 'hearth.settings' }, locale: 'en', timezone: 'Nowhere/Land' } }));
    expect(cardText(await sentTo(`a:personal-${members[1]!.aadObjectId}`, before))).toBe('⚠️ time zone `Nowhere/Land` is not an IANA zone such as Europe/London');
    before = fake.sent.length;
    await post(personal(members[1]!, { value: { hearth: { form: 'hearth.settings' }, locale: 'en', timezone: 'Europe/Paris' } }));
    expect(cardText(await sentTo(`a:personal-${members[1]!.aadObjectId}`, before))).toBe('Saved: language English, time zone Europe/Paris.');
  });

  it('answers an @mention in a channel in that conversation, without the mention text', async () => {
    const before = fake.sent.length;
    const conversation = '19:support-a@thread.tacv2;messageid=1764579600123';
    await post({
      ...personal(members[1]!, { text: '<at>Hearth</at> hearth teams' }),
      conversation: { conversationType: 'channel', tenantId: 'tenant-fake', id: conversation },
      entities: [{ type: 'mention', text: '<at>Hearth</at>', mentioned: { id: '28:hearth-bot', name: 'Hearth' } }],
    });
    expect(cardText(await sentTo(conversation, before))).toContain('*Support A*: 11 people');
  });

  it('handles a redelivered activity once', async () => {
    const activity = personal(members[0]!, { text: 'hearth teams' });
    const before = fake.sent.length;
    await post(activity);
    await post(activity);
    await sentTo(`a:personal-${members[0]!.aadObjectId}`, before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sent.slice(before).filter((s) => cardText(s).includes('*Support A*'))).toHaveLength(1);
  });

  it('writes proactively through the stored conversation reference, waiting out a 429 Retry-After', async () => {
    const store = createPrismaStore(hearth.db.client);
    const ana = (await store.findMemberByEmail(hearth.app.org.id, 'ana.souza@example.com'))!;
    fake.failNext({ status: 429, retryAfter: 1 });
    const before = fake.sent.length;
    await hearth.app.messenger.toMember(ana, { text: 'Lunch on Wednesday?', blocks: [{ type: 'text', text: 'Lunch on Wednesday?' }] }, 'test:teams-proactive');
    const delivered = await sentTo(`a:personal-${members[0]!.aadObjectId}`, before);
    expect(cardText(delivered)).toBe('Lunch on Wednesday?');
    expect(fake.statuses).toContain(429);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sent.filter((s) => cardText(s) === 'Lunch on Wednesday?')).toHaveLength(1);
  });

  it('records a member it cannot reach yet as a failed delivery with the reason, and tells the admin once', async () => {
    const admin = members[3]!;
    let before = fake.sent.length;
    await post(personal(admin, { text: 'hearth whoami' }));
    await sentTo(`a:personal-${admin.aadObjectId}`, before);
    before = fake.sent.length;
    const store = createPrismaStore(hearth.db.client);
    const ben = (await store.findMemberByEmail(hearth.app.org.id, 'ben.carter@example.com'))!;
    const workspace = await store.ensureWorkspace(hearth.app.org.id, 'teams', 'default', 'Microsoft Teams');
    await store.linkIdentity(ben.id, workspace.id, '00000000-0000-0000-0000-0000000000d4');
    await hearth.app.messenger.toMember(ben, { text: 'hello Ben', blocks: [] }, 'test:unreachable');
    const row = await waitFor(async () => {
      const r = await hearth.db.client.delivery.findUnique({ where: { key: 'test:unreachable:teams:default' } });
      return r?.status === 'failed' && r;
    });
    expect(row.lastError).toContain('no conversation with user:00000000-0000-0000-0000-0000000000d4 yet');
    const told = await sentTo(`a:personal-${admin.aadObjectId}`, before);
    expect(cardText(told)).toMatch(/^Hearth could not reach Ben Carter on teams: teams: no conversation with user:\S+ yet/);
    await hearth.app.messenger.toMember(ben, { text: 'hello again Ben', blocks: [] }, 'test:unreachable-again');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.sent.filter((x) => cardText(x).startsWith('Hearth could not reach Ben Carter'))).toHaveLength(1);
  });

  it('opens a chat with every member when installed in a team, so prompts reach people who never spoke to it', async () => {
    const chloe = members[4]!;
    await post({
      type: 'conversationUpdate', id: `act${++seq}`, serviceUrl: fake.serviceUrl, channelId: 'msteams',
      from: { id: members[1]!.id, name: members[1]!.name, aadObjectId: members[1]!.aadObjectId }, recipient: { id: '28:hearth-bot', name: 'Hearth' },
      conversation: { conversationType: 'channel', tenantId: 'tenant-fake', id: '19:supportA@thread.tacv2', isGroup: true },
      membersAdded: [{ id: '28:hearth-bot' }], channelData: { tenant: { id: 'tenant-fake' }, team: { id: '19:supportA@thread.tacv2', name: 'Support A' } },
    });
    await waitFor(() => fake.created.includes(chloe.aadObjectId), 5000, 'a chat opened with Chloe');
    const store = createPrismaStore(hearth.db.client);
    const member = (await store.findMemberByEmail(hearth.app.org.id, chloe.email))!;
    const before = fake.sent.length;
    expect(await waitFor(async () => (await hearth.app.messenger.toMember(member, { text: 'Your shared lunch is tomorrow', blocks: [] }, 'test:team-install')) || false, 5000, 'Chloe reachable')).toBe(1);
    expect(cardText(await sentTo(`a:personal-${chloe.aadObjectId}`, before))).toBe('Your shared lunch is tomorrow');
  });

  it('greets a person who installs Hearth, once, and can write to them from then on', async () => {
    const wang = members[2]!;
    const conversation = `a:personal-${wang.aadObjectId}`;
    const install = (id: string, type: string, extra: Record<string, unknown>) =>
      post({ ...personal(wang, {}), id, type, ...extra });
    const before = fake.sent.length;
    expect((await install('inst-1', 'installationUpdate', { action: 'add' })).status).toBe(200);
    expect((await install('inst-2', 'conversationUpdate', { membersAdded: [{ id: '28:hearth-bot' }] })).status).toBe(200);
    const welcome = await sentTo(conversation, before);
    expect(cardText(welcome)).toMatch(/^王芳，你好！我是 Hearth/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sent.slice(before).filter((x) => x.conversationId === conversation)).toHaveLength(1);
  });

  it('imports a roster CSV an admin attaches in the personal chat (Teams file download link)', async () => {
    // SharePoint's pre-authorised download link, played by a local server.
    const csv = 'name,email,role,team,timezone,shift\nTess Tran,tess.tran@example.com,agent,Billing,,Mon-Fri 09:00-17:30\n';
    const sharepoint = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(req.url === '/roster.csv' ? csv : ''));
    await new Promise<void>((resolve) => sharepoint.listen(0, '127.0.0.1', () => resolve()));
    try {
      const admin = members[3]!;
      const before = fake.sent.length;
      const attachment = {
        contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'roster.csv', contentUrl: 'https://contoso.sharepoint.com/personal/alex/roster.csv',
        content: { downloadUrl: `http://127.0.0.1:${(sharepoint.address() as AddressInfo).port}/roster.csv`, uniqueId: '1E6E6F5B', fileType: 'csv' },
      };
      const message = personal(admin, { text: 'hearth roster import', attachments: [attachment, { contentType: 'text/html', content: '<p>hearth roster import</p>' }] });
      expect((await post(message)).status).toBe(200);
      const reply = await sentTo(`a:personal-${admin.aadObjectId}`, before);
      expect(cardText(reply)).toBe('Roster imported: 1 added, 0 updated, 0 unchanged, 0 new teams.');
    } finally {
      sharepoint.close();
    }
  });

  it('rejects a body that is not JSON, and an activity without a type', async () => {
    const res = await fetch(`${hearth.url}/api/messages`, { method: 'POST', body: '{oops' });
    expect(res.status).toBe(400);
    expect((await post({ id: 'x', serviceUrl: fake.serviceUrl })).status).toBe(400);
  });
});

describe('Teams with authentication on', () => {
  it('refuses an activity without a valid Bot Framework token', async () => {
    const database = await createTestDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: database.url, MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
    const hearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
    try {
      const res = await fetch(`${hearth.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: '1', serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', from: { id: '29:x' }, conversation: { id: 'a:x' }, recipient: { id: '28:y' }, text: 'help' }),
      });
      expect(res.status).toBe(401);
    } finally {
      await hearth.stop();
      await database.drop();
    }
  });
});

/**
 * The contract every platform adapter keeps: the same words typed by the same person get the
 * same answer, with the same permissions, in the same language. Each harness drives a whole
 * Hearth through its adapter's real entry point: the playground's API, Slack's signed events
 * through Bolt, Teams' activities through botbuilder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { startHearth, type RunningHearth } from '../../src/server.ts';
import { createPrismaStore } from '../../src/infra/db/store.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { readRosterFile } from '../../src/features/roster/roster-file.ts';
import { unescapeSlack } from '../../adapters/slack/parse.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sendSigned, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createMemoryLogger } from '../support/logger.ts';
import { waitFor } from '../support/wait.ts';
import { cardText, startFakeTeams, type FakeTeams } from '../support/fake-teams.ts';

interface Harness {
  says(email: string, text: string): Promise<string>;
  close(): Promise<void>;
}

const demo = readRosterFile(demoRosterCsv(), { timezone: 'UTC' });
const roster = demo.ok ? demo.entries : [];

async function playgroundHarness(): Promise<Harness> {
  const database = await createTestDatabase('sqlite');
  const hearth = await startHearth({ ...loadConfig({ DATABASE_URL: database.url }), PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
  return {
    async says(email, text) {
      const res = await fetch(`${hearth.url}/playground/api/command`, { method: 'POST', body: JSON.stringify({ as: email, text }) });
      const body = (await res.json()) as { replies: Array<{ text: string }> };
      return body.replies.map((r) => r.text).join('\n');
    },
    async close() {
      await hearth.stop();
      await database.drop();
    },
  };
}

async function slackHarness(): Promise<Harness> {
  const secret = 'contract-signing-secret';
  const users = roster.map((m, i) => ({ id: `U${String(i).padStart(8, '0')}`, email: m.email, name: m.name }));
  const fake: FakeSlack = await startFakeSlack({ users, limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
  const database: TestDatabase = await createTestDatabase('sqlite');
  const config = loadConfig({ DATABASE_URL: database.url, SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl });
  const hearth: RunningHearth = await startHearth({ ...config, PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
  await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
  let seq = 0;
  return {
    async says(email, text) {
      const user = users.find((u) => u.email === email)!;
      const channel = `D${user.id.slice(1)}`;
      const before = fake.posted.filter((p) => p.channel === channel).length;
      const ts = `1764579600.${String(++seq).padStart(6, '0')}`;
      const envelope = {
        token: 'legacy', team_id: 'T0FAKE1', api_app_id: 'A0FAKE', type: 'event_callback', event_id: `EvC${seq}`, event_time: 1764579600,
        event: { type: 'message', channel, channel_type: 'im', user: user.id, text, ts, event_ts: ts },
      };
      await sendSigned(`${hearth.url}/slack/events`, JSON.stringify(envelope), { secret, contentType: 'application/json' });
      const reply = await waitFor(() => fake.posted.filter((p) => p.channel === channel)[before], 5000, `a Slack reply to "${text}"`);
      return unescapeSlack(reply.text);
    },
    async close() {
      await hearth.stop();
      await fake.close();
      await database.drop();
    },
  };
}

async function teamsHarness(): Promise<Harness> {
  const members = roster.map((m, i) => ({ id: `29:${i}`, name: m.name, aadObjectId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, email: m.email }));
  const fake: FakeTeams = await startFakeTeams(members, { limits: { perConversation: [{ count: 1000, ms: 1000 }], shared: [] } });
  const database: TestDatabase = await createTestDatabase('sqlite');
  const hearth: RunningHearth = await startHearth({ ...loadConfig({ DATABASE_URL: database.url, HEARTH_TEAMS_NO_AUTH: '1' }), PORT: 0 }, { logger: createMemoryLogger(), clock: systemClock });
  await importRoster(createPrismaStore(hearth.db.client), hearth.app.org, demoRosterCsv(), null);
  let seq = 0;
  return {
    async says(email, text) {
      const m = members.find((x) => x.email === email)!;
      const conversation = `a:personal-${m.aadObjectId}`;
      const before = fake.sent.length;
      await fetch(`${hearth.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: `c${++seq}`, serviceUrl: fake.serviceUrl, channelId: 'msteams', text,
          from: { id: m.id, name: m.name, aadObjectId: m.aadObjectId }, recipient: { id: '28:hearth', name: 'Hearth' },
          conversation: { conversationType: 'personal', tenantId: 'tenant-fake', id: conversation },
        }),
      });
      const reply = await waitFor(() => fake.sent.slice(before).find((x) => x.conversationId === conversation), 5000, `a Teams reply to "${text}"`);
      return cardText(reply);
    },
    async close() {
      await hearth.stop();
      await fake.close();
      await database.drop();
    },
  };
}

const cases: Array<{ who: string; says: string; expect: (reply: string) => void }> = [
  { who: 'ana.souza@example.com', says: 'hearth whoami', expect: (r) => expect(r).toBe('You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.') },
  { who: 'ana.souza@example.com', says: 'help', expect: (r) => expect(r.split('\n')[0]).toBe('Hearth: what you can do') },
  { who: 'ana.souza@example.com', says: 'heart whoami', expect: (r) => expect(r).toContain("I don't know the command `heart`.\nDid you mean `hearth`?") },
  { who: 'ana.souza@example.com', says: 'hearth roster', expect: (r) => expect(r).toBe('⚠️ `hearth roster` is for supervisors; you are agent.\nAsk Sofia Reyes.') },
  { who: 'wang.fang@example.com', says: 'hearth roster', expect: (r) => expect(r).toBe('⚠️ `hearth roster` 仅限主管使用；你的角色是坐席。\n请联系 林晓。') },
  { who: 'sofia.reyes@example.com', says: 'hearth roster', expect: (r) => expect(r.split('\n')[0]).toBe('Roster of Support A') },
  { who: 'sofia.reyes@example.com', says: 'hearth roster Billing', expect: (r) => expect(r).toBe('⚠️ You can only do that for your own team (Support A).') },
  { who: 'morgan.blake@example.com', says: 'hearth roster "No Such Team"', expect: (r) => expect(r).toContain('There is no team called `No Such Team`.') },
  { who: 'morgan.blake@example.com', says: 'hearth roster "unclosed', expect: (r) => expect(r).toContain('A quote is not closed') },
  { who: 'ana.souza@example.com', says: 'rotation schedule manager-for-a-day month:2030-01', expect: (r) => expect(r).toBe('⚠️ `rotation schedule` is for supervisors; you are agent.\nAsk Sofia Reyes.') },
  { who: 'sofia.reyes@example.com', says: 'rotation schedule boss-for-a-day month:2030-01', expect: (r) => expect(r.split('\n')[0]).toBe('⚠️ `boss-for-a-day` is not a kind of swap: use manager-for-a-day or agent-for-a-day.') },
  { who: 'sofia.reyes@example.com', says: 'rotation list month:2030-01', expect: (r) => expect(r).toBe('No role swaps scheduled for 2030-01.') },
  { who: 'ana.souza@example.com', says: 'lunch status', expect: (r) => expect(r.split('\n')[0]).toBe('⚠️ There is no shared lunch for Support A yet. A supervisor can start one with `/lunch schedule`.') },
  { who: 'wang.fang@example.com', says: 'gathering list', expect: (r) => expect(r).toBe('暂无聚会。发起一次：`/gathering plan "冬日火锅" 2026-12-18 19:00 place:"…"`。') },
  { who: 'ana.souza@example.com', says: 'gathering split 12.345', expect: (r) => expect(r.split('\n')[0]).toBe('⚠️ There is no gathering to do that for.') },
  { who: 'morgan.blake@example.com', says: 'hearth holiday add 2030-02-30 "Nope"', expect: (r) => expect(r.split('\n')[0]).toBe('⚠️ `2030-02-30` is not a date; write it like 2026-12-25.') },
];

const harnesses: Array<[string, () => Promise<Harness>]> = [
  ['playground', playgroundHarness],
  ['slack', slackHarness],
  ['teams', teamsHarness],
];

const answers = new Map<string, Map<string, string>>();

for (const [name, create] of harnesses) {
  describe(`adapter contract: ${name}`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await create();
    });
    afterAll(async () => harness?.close());

    for (const c of cases) {
      it(`${c.who.split('@')[0]}: ${c.says}`, async () => {
        const reply = await harness.says(c.who, c.says);
        c.expect(reply);
        const key = `${c.who} ${c.says}`;
        if (!answers.has(key)) answers.set(key, new Map());
        answers.get(key)!.set(name, reply);
      });
    }
  });
}

describe('adapter contract: all platforms agree', () => {
  it('gives word-for-word the same answers on every platform', () => {
    for (const [key, byPlatform] of answers) {
      const distinct = new Set(byPlatform.values());
      expect(distinct.size, key).toBe(1);
    }
    expect(answers.size).toBe(cases.length);
  });
});

/**
 * The contract every platform adapter keeps: the same words typed by the same person get the
 * same answer, with the same permissions, in the same language. Each harness drives a whole
 * Hearth through its adapter's real entry point: the playground's API, Slack's signed events
 * through Bolt, Teams' activities through botbuilder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnesses, type Harness } from '../support/harnesses.ts';

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

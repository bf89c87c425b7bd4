/**
 * Who may do what: every guarded command tried by every kind of person. A refusal is a short
 * reply saying who can; anything else (done, or a different problem) means the person was let in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

const people = {
  agent: 'ana.souza@example.com',
  supervisor: 'sofia.reyes@example.com',
  otherSupervisor: 'james.park@example.com',
  leader: 'morgan.blake@example.com',
  admin: 'admin@example.com',
} as const;
type Who = keyof typeof people;

/** Each command, and who is refused it (everyone else is let in). */
const matrix: Array<[string, Who[]]> = [
  ['hearth roster team:"Support A"', ['agent', 'otherSupervisor']],
  ['hearth holiday add 2027-03-01 "Team day" team:"Support A"', ['agent', 'otherSupervisor']],
  ['hearth hours team:"Support A" quiet:none', ['agent', 'otherSupervisor']],
  ['hearth oversight add grace.lee@example.com', ['agent', 'supervisor', 'otherSupervisor']],
  ['rotation schedule agent-for-a-day team:"Support A" month:2027-04', ['agent', 'otherSupervisor']],
  ['rotation cancel team:"Support A" month:2027-04', ['agent', 'otherSupervisor']],
  ['lunch schedule day:wed time:12:00 team:"Support A"', ['agent', 'otherSupervisor']],
  ['lunch schedule day:wed time:12:00 team:all', ['agent', 'supervisor', 'otherSupervisor']],
  ['pulse schedule weekly fri 16:00 team:"Support A"', ['agent', 'otherSupervisor']],
  ['pulse results team:"Support A"', ['agent', 'otherSupervisor']],
  ['pulse stop team:"Support A"', ['agent', 'otherSupervisor']],
  ['gathering plan "Spring picnic" 2027-05-01 12:00 team:all', ['agent', 'supervisor', 'otherSupervisor']],
  ['suggest review 1', ['agent', 'supervisor', 'otherSupervisor', 'leader']],
  ['suggest decline 1 reason:"Not this year, sorry"', ['agent', 'supervisor', 'otherSupervisor', 'leader']],
  ['kudos leaderboard', []],
  ['suggest stats', []],
  ['rotation list', []],
];

const refusal = /^⚠️ (`[^`]+` is for |You can only do that for your own team|`[^`]+` for .+ is for its supervisors|Site-wide lunches are set up by leaders|Gatherings for everyone are planned by leaders|Suggestions are moved along by the oversight group)/;

describeEachDatabase('permissions for every guarded command', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
    expect(await bot.as('chloe.martin@example.com').says('/suggest A second monitor for every agent on the billing queue')).toContain('Suggestion #1');
  });
  afterAll(async () => bot?.close());

  for (const [command, refused] of matrix) {
    it(`/${command}`, async () => {
      const outcome: Record<string, string> = {};
      for (const who of Object.keys(people) as Who[]) {
        const reply = await bot.as(people[who]).says(`/${command}`);
        outcome[who] = refusal.test(reply) ? 'refused' : 'let in';
        if (reply.startsWith('Something went wrong')) throw new Error(`${who}: ${reply}`);
      }
      const expected = Object.fromEntries((Object.keys(people) as Who[]).map((w) => [w, refused.includes(w) ? 'refused' : 'let in']));
      expect(outcome).toEqual(expected);
    });
  }
});

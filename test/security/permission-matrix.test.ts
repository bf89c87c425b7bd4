/**
 * Who may do what, on every platform: every guarded command and subcommand (and the open ones of
 * each feature), tried by an agent, the team's supervisor, another team's supervisor, a leader, an
 * admin, and someone the platform knows who is not on Hearth's roster, through the playground's
 * API, Slack's signed events and Teams' /api/messages. One table of expected outcomes; every
 * platform must give it, and word for word the same refusals.
 *
 * A refusal is one of the core's "forbidden" messages; "let in" is anything else (done, or a
 * different problem such as nothing to cancel), since the guard was passed. Within a row the
 * people expected to be refused go first, so nothing a permitted person changes can hide a guard.
 * Replies are matched to who asked on each platform (see harnesses.ts), so those go together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/core/i18n/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { harnesses, type Harness } from '../support/harnesses.ts';

const people = {
  stranger: 'stranger@elsewhere.example',
  agent: 'ana.souza@example.com',
  otherSupervisor: 'james.park@example.com',
  supervisor: 'sofia.reyes@example.com',
  leader: 'morgan.blake@example.com',
  admin: 'admin@example.com',
} as const;
type Who = keyof typeof people;
const everyone = Object.keys(people) as Who[];

/** Each command (Support A is the agent's and the supervisor's team), and who is refused it. */
const matrix: Array<[string, Array<Exclude<Who, 'stranger'>>]> = [
  ['help', []],
  ['hearth whoami', []],
  ['hearth teams', []],
  ['hearth roster team:"Support A"', ['agent', 'otherSupervisor']],
  ['hearth holiday list', []],
  ['hearth holiday add 2027-03-01 "Team day" team:"Support A"', ['agent', 'otherSupervisor']],
  ['hearth holiday remove 2027-03-01 team:"Support A"', ['agent', 'otherSupervisor']],
  ['hearth hours team:"Support A"', []],
  ['hearth hours team:"Support A" quiet:none', ['agent', 'otherSupervisor']],
  ['hearth oversight list', []],
  ['hearth oversight add grace.lee@example.com', ['agent', 'otherSupervisor', 'supervisor']],
  ['hearth oversight remove grace.lee@example.com', ['agent', 'otherSupervisor', 'supervisor']],
  ['rotation list', []],
  ['rotation schedule agent-for-a-day team:"Support A" month:2027-04', ['agent', 'otherSupervisor']],
  ['rotation swap chloe.martin@example.com grace.lee@example.com', ['agent', 'otherSupervisor']],
  ['rotation skip chloe.martin@example.com', ['agent', 'otherSupervisor']],
  ['rotation cancel team:"Support A" month:2027-04', ['agent', 'otherSupervisor']],
  ['lunch status', []],
  ['lunch history', []],
  ['lunch schedule day:wed time:12:00 team:"Support A"', ['agent', 'otherSupervisor']],
  ['lunch cancel team:"Support A"', ['agent', 'otherSupervisor']],
  ['lunch schedule day:thu time:12:30 team:all', ['agent', 'otherSupervisor', 'supervisor']],
  ['gathering list', []],
  ['gathering plan "Spring picnic" 2027-05-01 12:00 team:all', ['agent', 'otherSupervisor', 'supervisor']],
  ['pulse status team:"Support A"', ['otherSupervisor']],
  ['pulse schedule weekly fri 16:00 team:"Support A"', ['agent', 'otherSupervisor']],
  ['pulse results team:"Support A"', ['agent', 'otherSupervisor']],
  ['pulse now team:"Support A"', ['agent', 'otherSupervisor']],
  ['pulse stop team:"Support A"', ['agent', 'otherSupervisor']],
  ['kudos values', []],
  ['kudos leaderboard', []],
  ['kudos mine', []],
  ['suggest list', []],
  ['suggest stats', []],
  ['suggest review 1', ['agent', 'otherSupervisor', 'supervisor', 'leader']],
  ['suggest adopt 1 owner:chloe.martin@example.com due:2027-01-31', ['agent', 'otherSupervisor', 'supervisor', 'leader']],
  ['suggest implement 1', ['agent', 'otherSupervisor', 'supervisor', 'leader']],
  ['suggest decline 1 reason:"Not this year, sorry"', ['agent', 'otherSupervisor', 'supervisor', 'leader']],
  ['digest team:"Support A"', ['agent', 'otherSupervisor']],
  ['digest preview', ['agent']],
];

/** Every message the core refuses with (HearthError code `forbidden`), as patterns. */
const forbiddenKeys: MessageKey[] = [
  'error.forbidden', 'error.forbidden_team', 'error.forbidden_manage', 'lunch.site_forbidden', 'lunch.other_team', 'gathering.org_wide_forbidden',
  'gathering.not_invited', 'gathering.split_forbidden', 'gathering.settle_forbidden', 'suggest.not_overseer', 'pulse.not_yours',
];
const refusals = forbiddenKeys.map((key) => new RegExp(`^⚠️ ${translate('en', key).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`));
const notOnRoster = new RegExp(`^${translate('en', 'error.unknown_user').split('{email}')[0]!.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}`);

type Outcome = 'refused' | 'let in' | 'not on roster';
function outcomeOf(reply: string): Outcome {
  if (reply.startsWith('Something went wrong')) throw new Error(`an internal error: ${reply}`);
  if (notOnRoster.test(reply)) return 'not on roster';
  return refusals.some((re) => re.test(reply.split('\n')[0]!)) ? 'refused' : 'let in';
}

const expected = (refused: Who[]): Record<Who, Outcome> =>
  Object.fromEntries(everyone.map((w) => [w, w === 'stranger' ? 'not on roster' : refused.includes(w) ? 'refused' : 'let in'])) as Record<Who, Outcome>;

describeEachDatabase('permission matrix', (provider) => {
  /** The text of every refusal, by command and person, for each platform. */
  const refusalTexts = new Map<string, Map<string, string>>();

  for (const [platform, create] of harnesses) {
    describe(platform, () => {
      let harness: Harness;
      beforeAll(async () => {
        harness = await create({ provider, strangers: [{ email: people.stranger, name: 'Sam Stranger' }], conversation: 'channel' });
        expect(await harness.says('chloe.martin@example.com', 'suggest A second monitor for every agent on the billing queue')).toContain('Suggestion #1');
      });
      afterAll(async () => harness?.close());

      for (const [command, refused] of matrix) {
        it(command, async () => {
          const want = expected(refused);
          const replies = new Map<Who, string>();
          // Those to be turned away change nothing, so they may ask together; the rest in turn.
          await Promise.all(everyone.filter((w) => want[w] !== 'let in').map(async (w) => replies.set(w, await harness.says(people[w], command))));
          for (const who of everyone.filter((w) => want[w] === 'let in')) replies.set(who, await harness.says(people[who], command));
          const outcome = {} as Record<Who, Outcome>;
          for (const who of everyone) {
            outcome[who] = outcomeOf(replies.get(who)!);
            if (outcome[who] !== 'let in') {
              const key = `${command} · ${who}`;
              if (!refusalTexts.has(key)) refusalTexts.set(key, new Map());
              refusalTexts.get(key)!.set(platform, replies.get(who)!);
            }
          }
          expect(outcome).toEqual(want);
        });
      }
    });
  }

  describe('all platforms', () => {
    it('refuse in the same words', () => {
      expect(refusalTexts.size).toBeGreaterThan(matrix.length);
      for (const [key, byPlatform] of refusalTexts) {
        expect([...byPlatform.keys()], key).toEqual(harnesses.map(([name]) => name));
        expect(new Set(byPlatform.values()).size, key).toBe(1);
      }
    });
  });
});

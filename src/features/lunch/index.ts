/** The shared-lunch feature: its command, buttons and round jobs. */
import type { FeatureFactory } from '../../app.ts';
import { HearthError } from '../../core/errors.ts';
import { createLunchCommands } from './commands.ts';
import { dropAction, joinAction, rsvpAction } from './messages.ts';
import type { LunchRepo } from './repo.ts';
import { createLunchRounds } from './rounds.ts';

export function createLunchFeature(repo: LunchRepo): FeatureFactory {
  return (deps) => {
    const rounds = createLunchRounds(repo, deps);
    const commands = createLunchCommands(repo, rounds);
    return {
      commands: [
        {
          name: 'lunch',
          summary: 'lunch.summary',
          usage: 'lunch.usage',
          subcommands: {
            schedule: { minRole: 'supervisor', run: commands.schedule },
            join: { run: async (ctx) => (await commands.join(ctx)).reply },
            skip: { run: commands.skip },
            pause: { run: commands.pause },
            resume: { run: commands.resume },
            leave: { run: commands.leave },
            avoid: { run: (ctx) => commands.avoid(ctx, true) },
            unavoid: { run: (ctx) => commands.avoid(ctx, false) },
            status: { run: commands.status },
            history: { run: commands.history },
            cancel: { minRole: 'supervisor', run: commands.cancel },
          },
        },
      ],
      actions: [
        { id: joinAction, run: (ctx, value) => commands.join(ctx, value) },
        {
          id: rsvpAction,
          run(ctx, value) {
            const [roundId, answer] = value.split(':');
            if (!roundId || (answer !== 'yes' && answer !== 'no')) throw new HearthError('not_found', 'error.unknown_action');
            return commands.answer(ctx, roundId, answer === 'yes');
          },
        },
        { id: dropAction, run: (ctx, value) => commands.answer(ctx, value, false) },
      ],
      jobs: rounds.jobs,
      upcoming: (ctx) => commands.upcoming(ctx),
    };
  };
}

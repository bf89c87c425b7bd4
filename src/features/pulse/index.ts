/** The anonymous pulse feature: its command, answer buttons, comment form and round jobs. */
import type { FeatureFactory } from '../../app.ts';
import type { ScheduleRepo } from '../common/schedules.ts';
import { createPulseCommands } from './commands.ts';
import { answerAction, commentAction, commentFormId } from './messages.ts';
import type { PulseRepo } from './repo.ts';
import { createPulseRounds, type PulseSettings } from './rounds.ts';

export function createPulseFeature(repo: PulseRepo, schedules: ScheduleRepo, settings: PulseSettings): FeatureFactory {
  return (deps) => {
    const rounds = createPulseRounds(repo, deps, settings);
    const commands = createPulseCommands(repo, schedules, rounds);
    return {
      commands: [
        {
          name: 'pulse',
          summary: 'pulse.summary',
          usage: 'pulse.usage',
          subcommands: {
            schedule: { minRole: 'supervisor', run: commands.schedule },
            now: { minRole: 'supervisor', run: commands.now },
            stop: { minRole: 'supervisor', run: commands.stop },
            status: { run: commands.status },
            results: { minRole: 'supervisor', run: commands.results },
            comment: { run: commands.openComment },
          },
        },
      ],
      actions: [
        { id: answerAction, run: (ctx, value) => commands.answer(ctx, value) },
        { id: commentAction, run: (ctx) => commands.openComment(ctx) },
      ],
      forms: [{ id: commentFormId, submit: (ctx, values) => commands.comment(ctx, values) }],
      jobs: rounds.jobs,
      upcoming: (ctx) => commands.pending(ctx),
    };
  };
}

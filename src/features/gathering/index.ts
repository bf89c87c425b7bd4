/** The go-Dutch gathering feature: its command, RSVP buttons and reminder jobs. */
import type { FeatureFactory } from '../../app.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { createGatheringCommands } from './commands.ts';
import { reminderMessage, rsvpAction } from './messages.ts';
import type { GatheringRepo } from './repo.ts';

const hour = 3_600_000;

export function createGatheringFeature(repo: GatheringRepo): FeatureFactory {
  return ({ store, messenger }) => {
    const commands = createGatheringCommands(repo);
    return {
      commands: [
        {
          name: 'gathering',
          summary: 'gathering.summary',
          usage: 'gathering.usage',
          subcommands: {
            plan: { run: commands.plan },
            list: { run: commands.list },
            who: { run: commands.who },
            split: { run: commands.split },
            settle: { run: commands.settle },
            bill: { run: commands.bill },
            cancel: { run: commands.cancel },
          },
        },
      ],
      actions: [
        {
          id: rsvpAction,
          run(ctx, value) {
            const [id, answer] = value.split(':');
            if (!id || (answer !== 'yes' && answer !== 'no')) throw new HearthError('not_found', 'error.unknown_action');
            return commands.rsvp(ctx, id, answer);
          },
        },
      ],
      jobs: [
        {
          kind: 'gathering.remind',
          maxLatenessMs: 3 * hour,
          async run(ctx) {
            const { gatheringId, which, at } = ctx.payload as { gatheringId: string; which: 'day-before' | 'day-of'; at: string };
            const g = await repo.find(gatheringId);
            if (!g || g.status !== 'planned' || g.at.toISOString() !== at) return 'gathering cancelled or moved';
            const going = (await repo.rsvps(g.id)).filter((r) => r.answer === 'yes');
            for (const r of going) {
              const member = await store.findMemberById(r.memberId);
              if (!member?.active) continue;
              const message = reminderMessage(translatorFor(member.locale), g, which, going.length);
              // The day before waits for a moment their shift allows; on the day it cannot wait.
              if (which === 'day-before') await messenger.prompt(member, message, `${ctx.key}:${member.id}`);
              else await messenger.toMember(member, message, `${ctx.key}:${member.id}`);
            }
            return `reminded ${going.length}`;
          },
        },
      ],
      upcoming: (ctx) => commands.upcomingFor(ctx),
    };
  };
}

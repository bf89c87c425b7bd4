/** The go-Dutch gathering feature: its command, RSVP buttons and reminder jobs. */
import type { FeatureFactory } from '../../app.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { createGatheringCommands, invitees } from './commands.ts';
import { invitation, reminderMessage, rsvpAction } from './messages.ts';
import { formatMoney, settlements } from './split.ts';
import { textMessage } from '../../core/message.ts';
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
          kind: 'gathering.invite',
          // Past a day, those not invited still see it in the channel and on their home.
          maxLatenessMs: 24 * hour,
          async run(ctx) {
            const g = await repo.find((ctx.payload as { gatheringId: string }).gatheringId);
            if (!g || g.status !== 'planned') return 'gathering cancelled';
            if (g.at.getTime() <= ctx.dueAt.getTime() + ctx.lateByMs) return 'gathering over';
            const organiser = (await store.findMemberById(g.createdBy))?.name ?? '?';
            const going = (await repo.rsvps(g.id)).filter((r) => r.answer === 'yes').length;
            const people = await invitees(store, g);
            for (const member of people) {
              ctx.signal.throwIfAborted();
              await messenger.prompt(member, invitation(translatorFor(member.locale), g, organiser, going), `gathering.invite:${g.id}:${member.id}`);
            }
            return `invited ${people.length}`;
          },
        },
        {
          kind: 'gathering.tell-cancelled',
          maxLatenessMs: 7 * 24 * hour,
          async run(ctx) {
            const { gatheringId, by } = ctx.payload as { gatheringId: string; by: string };
            const g = await repo.find(gatheringId);
            if (!g) return 'gathering gone';
            let told = 0;
            for (const r of (await repo.rsvps(g.id)).filter((x) => x.answer === 'yes' && x.memberId !== by)) {
              ctx.signal.throwIfAborted();
              const member = await store.findMemberById(r.memberId);
              if (!member) continue;
              await messenger.toMember(member, textMessage(translatorFor(member.locale)('gathering.cancelled_dm', { title: g.title, date: g.date })), `gathering.cancelled:${g.id}:${member.id}`);
              told += 1;
            }
            return `told ${told}`;
          },
        },
        {
          kind: 'gathering.tell-shares',
          maxLatenessMs: 30 * 24 * hour,
          async run(ctx) {
            const g = await repo.find((ctx.payload as { gatheringId: string }).gatheringId);
            const payer = g?.paidBy ? await store.findMemberById(g.paidBy) : null;
            if (!g || !payer || g.totalMinor === null) return 'not split';
            const owed = settlements((await repo.shares(g.id)).map((s) => ({ id: s.memberId, share: s.amountMinor })), payer.id);
            let told = 0;
            for (const o of owed) {
              ctx.signal.throwIfAborted();
              const member = await store.findMemberById(o.from);
              if (!member) continue;
              const amount = formatMoney(o.amount, g.currency, member.locale);
              await messenger.toMember(member, textMessage(translatorFor(member.locale)('gathering.your_share', { title: g.title, amount, payer: payer.name })), `gathering.share:${g.id}:${member.id}`);
              told += 1;
            }
            return `told ${told}`;
          },
        },
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

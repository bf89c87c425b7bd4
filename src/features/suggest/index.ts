/**
 * The suggestions feature: `/suggest`, `/hearth oversight` (the group that reviews suggestions),
 * its form, and a daily job reminding owners and the group of adopted ideas past their date.
 */
import { DateTime } from 'luxon';
import type { FeatureFactory } from '../../app.ts';
import type { CommandContext, CommandSpec } from '../../core/command.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { type Message, textMessage } from '../../core/message.ts';
import type { ScheduleRepo } from '../common/schedules.ts';
import { unknownMember } from '../common/scope.ts';
import type { KudosRepo } from '../kudos/repo.ts';
import { createSuggestCommands, type SuggestSettings } from './commands.ts';
import { suggestFormId } from './messages.ts';
import type { SuggestionRepo } from './repo.ts';

export function createSuggestFeature(repo: SuggestionRepo, points: KudosRepo, schedules: ScheduleRepo, settings: SuggestSettings): FeatureFactory {
  return ({ org, store, messenger, clock }) => {
    const commands = createSuggestCommands(repo, points, settings);

    /** `/hearth oversight list|add @a @b|remove @a`: leaders and admins keep the group. */
    async function oversight(ctx: CommandContext): Promise<Message> {
      const [verb = 'list', ...people] = ctx.args.positional;
      if (verb === 'list') {
        const names = await commands.namesOf(ctx.store, await repo.oversight(ctx.org.id));
        return textMessage(names.length > 0 ? ctx.t('oversight.list', { names: names.join(', ') }) : ctx.t('oversight.empty'));
      }
      if (verb !== 'add' && verb !== 'remove') throw new HearthError('usage', 'error.unknown_subcommand', { command: 'hearth oversight', sub: verb.slice(0, 20) });
      if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'leader') {
        throw new HearthError('forbidden', 'error.forbidden', { command: `hearth oversight ${verb}`, role: ctx.t('role.leader'), actual: ctx.t(`role.${ctx.actor.role}`) });
      }
      if (people.length === 0) throw new HearthError('usage', 'error.missing_argument', { what: '@person' });
      const changed: string[] = [];
      for (const token of people) {
        const member = await ctx.findMember(token);
        if (!member) throw unknownMember(token);
        if (await repo.setOversight(ctx.org.id, member.id, verb === 'add', ctx.actor.id)) changed.push(member.name);
        if (verb === 'add') await ctx.messenger.toMember(member, textMessage(translatorFor(member.locale)('oversight.welcome')), `oversight.welcome:${member.id}:${ctx.clock.now().toISOString().slice(0, 10)}`);
      }
      const names = await commands.namesOf(ctx.store, await repo.oversight(ctx.org.id));
      return textMessage(ctx.t(verb === 'add' ? 'oversight.added' : 'oversight.removed', { changed: changed.join(', ') || '-', names: names.join(', ') || '-' }));
    }

    const suggest: CommandSpec = {
      name: 'suggest',
      summary: 'suggest.summary',
      usage: 'suggest.usage',
      run: commands.fromCommand,
      subcommands: {
        review: { run: commands.review },
        adopt: { run: commands.adopt },
        implement: { run: commands.implement },
        decline: { run: commands.decline },
        list: { run: commands.list },
        status: { run: commands.status },
        stats: { run: commands.stats },
      },
    };
    const hearthOversight: CommandSpec = { name: 'hearth', summary: 'hearth.summary', usage: 'hearth.usage', subcommands: { oversight: { run: oversight } } };
    return {
      commands: [suggest, hearthOversight],
      forms: [{ id: suggestFormId, submit: (ctx, values) => commands.fromForm(ctx, values) }],
      async start() {
        await schedules.ensure({ orgId: org.id, kind: 'suggest.overdue', teamId: null, rule: { freq: 'daily', time: '09:00' }, timezone: org.timezone, payload: {}, startAfter: clock.now() });
      },
      jobs: [
        {
          kind: 'suggest.overdue',
          maxLatenessMs: 20 * 3_600_000,
          async run(ctx) {
            const today = DateTime.fromJSDate(ctx.dueAt, { zone: org.timezone }).toISODate()!;
            const group = await repo.oversight(ctx.orgId);
            let reminded = 0;
            for (const s of await repo.overdue(ctx.orgId, today)) {
              // The day after the due date, then weekly: a reminder, not a nag.
              const late = Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(s.dueDate!), 'days').days);
              if (late % 7 !== 1) continue;
              for (const id of new Set([s.ownerId, ...group].filter((x): x is string => x !== null))) {
                const member = await store.findMemberById(id);
                if (!member?.active) continue;
                const t = translatorFor(member.locale);
                await messenger.toMember(member, textMessage(t('suggest.overdue', { id: s.id, text: s.text, due: s.dueDate!, days: late })), `${ctx.key}:${s.id}:${id}`);
              }
              reminded += 1;
            }
            return `${reminded} overdue reminded`;
          },
        },
      ],
    };
  };
}

/** The role-swap rotation feature: its command, its reflection form, its scheduled jobs. */
import { DateTime } from 'luxon';
import type { FeatureFactory } from '../../app.ts';
import { HearthError } from '../../core/errors.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { textMessage } from '../../core/message.ts';
import type { JobSpec } from '../../core/scheduler.ts';
import { createRotationCommands } from './commands.ts';
import { kindName, reflectForm, reflectFormId, reflectPrompt, reminderMessage } from './messages.ts';
import type { RotationRepo } from './repo.ts';

const hour = 3_600_000;

export function createRotationFeature(repo: RotationRepo): FeatureFactory {
  return ({ store, messenger }) => {
    const commands = createRotationCommands(repo);

    /** Loads a turn a job is about; null when it has since moved, been skipped or cancelled. */
    async function current(payload: unknown) {
      const { turnId, date } = payload as { turnId: string; date: string };
      const turn = await repo.find(turnId);
      if (!turn || turn.status !== 'scheduled' || turn.date !== date) return null;
      const member = await store.findMemberById(turn.memberId);
      return member?.active ? { turn, member } : null;
    }

    async function teamName(orgId: string, teamId: string): Promise<string> {
      return (await store.listTeams(orgId)).find((x) => x.id === teamId)?.name ?? '';
    }

    const jobs: JobSpec[] = [
      {
        kind: 'rotation.remind',
        maxLatenessMs: 20 * hour,
        async run(ctx) {
          const found = await current(ctx.payload);
          if (!found) return 'turn no longer scheduled';
          const t = translatorFor(found.member.locale);
          await messenger.prompt(found.member, reminderMessage(t, found.turn, await teamName(ctx.orgId, found.turn.teamId)), ctx.key);
          return `reminded ${found.member.id}`;
        },
      },
      {
        kind: 'rotation.reflect',
        maxLatenessMs: 72 * hour,
        async run(ctx) {
          const found = await current(ctx.payload);
          if (!found) return 'turn no longer scheduled';
          await messenger.prompt(found.member, reflectPrompt(translatorFor(found.member.locale), found.turn), ctx.key);
          return `asked ${found.member.id} to reflect`;
        },
      },
    ];

    const today = (zone: string, now: Date) => DateTime.fromJSDate(now, { zone }).toISODate()!;

    return {
      commands: [
        {
          name: 'rotation',
          summary: 'rotation.summary',
          usage: 'rotation.usage',
          subcommands: {
            schedule: { minRole: 'supervisor', run: commands.schedule },
            list: { run: commands.list },
            swap: { minRole: 'supervisor', run: commands.swap },
            skip: { minRole: 'supervisor', run: commands.skip },
            cancel: { minRole: 'supervisor', run: commands.cancel },
            reflect: {
              async run(ctx) {
                const turn = await repo.awaitingReflection(ctx.actor.id, today(ctx.actor.timezone, ctx.clock.now()));
                if (!turn) throw new HearthError('not_found', 'rotation.nothing_to_reflect');
                return reflectForm(ctx.t, turn);
              },
            },
          },
        },
      ],
      actions: [
        {
          id: reflectFormId,
          async run(ctx) {
            const turn = await repo.awaitingReflection(ctx.actor.id, today(ctx.actor.timezone, ctx.clock.now()));
            return turn ? reflectForm(ctx.t, turn) : textMessage(ctx.t('rotation.nothing_to_reflect'));
          },
        },
      ],
      forms: [
        {
          id: reflectFormId,
          async submit(ctx, values) {
            const learned = (values.learned ?? '').trim();
            const change = (values.change ?? '').trim();
            const errors: Record<string, string> = {};
            if (!learned) errors.learned = ctx.t('rotation.reflect_empty');
            if (learned.length > 1500) errors.learned = ctx.t('error.too_long', { length: learned.length, max: 1500 });
            if (change.length > 1500) errors.change = ctx.t('error.too_long', { length: change.length, max: 1500 });
            if (Object.keys(errors).length > 0) return { errors };
            const turn = await repo.awaitingReflection(ctx.actor.id, today(ctx.actor.timezone, ctx.clock.now()));
            if (!turn) return { done: textMessage(ctx.t('rotation.nothing_to_reflect')) };
            await repo.saveReflection(turn.id, learned, change);
            return { done: textMessage(ctx.t('rotation.reflect_thanks')) };
          },
        },
      ],
      jobs,
      async upcoming(ctx) {
        const day = today(ctx.actor.timezone, ctx.clock.now());
        const turns = await repo.upcoming(ctx.actor.id, day);
        const reflect = await repo.awaitingReflection(ctx.actor.id, day);
        return [
          ...turns.filter((turn) => turn.date > day || !reflect).map((turn) => ctx.t('rotation.upcoming', { kind: kindName(ctx.t, turn.kind), date: turn.date })),
          ...(reflect ? [ctx.t('rotation.home_reflect', { kind: kindName(ctx.t, reflect.kind), date: reflect.date })] : []),
        ];
      },
    };
  };
}

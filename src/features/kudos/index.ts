/** The recognition feature: `/kudos`, and a weekly nudge to supervisors about whom nobody has thanked. */
import { DateTime } from 'luxon';
import type { FeatureFactory } from '../../app.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { textMessage } from '../../core/message.ts';
import type { ScheduleRepo } from '../common/schedules.ts';
import { createKudosCommands, kudosFormId, type KudosSettings } from './commands.ts';
import type { KudosRepo } from './repo.ts';

export interface RecognitionSettings extends KudosSettings {
  /** Weeks without a kudos after which a supervisor is nudged about an agent. */
  nudgeWeeks: number;
}

export function createKudosFeature(repo: KudosRepo, schedules: ScheduleRepo, settings: RecognitionSettings): FeatureFactory {
  return ({ org, store, messenger, clock }) => {
    const commands = createKudosCommands(repo, settings);
    return {
      commands: [
        {
          name: 'kudos',
          summary: 'kudos.summary',
          usage: 'kudos.usage',
          run: commands.give,
          subcommands: { leaderboard: { run: commands.leaderboard }, values: { run: commands.values }, mine: { run: commands.mine } },
        },
      ],
      forms: [{ id: kudosFormId, submit: (ctx, values) => commands.fromForm(ctx, values) }],
      upcoming: (ctx) => commands.recent(ctx),
      async start() {
        await schedules.ensure({ orgId: org.id, kind: 'kudos.nudge', teamId: null, rule: { freq: 'weekly', time: '09:00', days: [1], interval: 1, anchor: '2026-01-05' }, timezone: org.timezone, payload: {}, startAfter: clock.now() });
      },
      jobs: [
        {
          kind: 'kudos.nudge',
          maxLatenessMs: 24 * 3_600_000,
          async run(ctx) {
            const since = DateTime.fromJSDate(ctx.dueAt).minus({ weeks: settings.nudgeWeeks }).toJSDate();
            let nudged = 0;
            for (const team of await store.listTeams(ctx.orgId)) {
              const people = await store.listMembers(ctx.orgId, { teamId: team.id, activeOnly: true });
              const agents = people.filter((m) => m.role === 'agent');
              const last = await repo.lastReceived(agents.map((a) => a.id));
              const unthanked = agents.filter((a) => (last.get(a.id)?.getTime() ?? 0) < since.getTime()).map((a) => a.name);
              if (unthanked.length === 0) continue;
              for (const supervisor of people.filter((m) => m.role === 'supervisor')) {
                const t = translatorFor(supervisor.locale);
                await messenger.toMember(supervisor, textMessage(t('kudos.nudge', { weeks: settings.nudgeWeeks, names: unthanked.join(', ') })), `${ctx.key}:${supervisor.id}`);
                nudged += 1;
              }
            }
            return `nudged ${nudged} supervisors`;
          },
        },
      ],
    };
  };
}

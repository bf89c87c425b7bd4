/**
 * A member's home view (Slack App Home; the same message elsewhere): who they are, what is
 * coming up for them in every feature, and what they can do.
 */
import type { Feature } from '../../core/feature.ts';
import type { Message } from '../../core/message.ts';
import type { RouteContext } from '../../core/router.ts';
import { profileText } from './commands.ts';

export async function homeView(ctx: RouteContext, features: Feature[]): Promise<Message> {
  const { t, actor } = ctx;
  const profile = profileText(t, actor);
  const upcoming = (await Promise.all(features.map((f) => f.upcoming?.(ctx) ?? Promise.resolve([])))).flat();
  return {
    text: [t('home.title', { name: actor.name }), profile, ...upcoming].join('\n'),
    blocks: [
      { type: 'header', text: t('home.title', { name: actor.name }) },
      { type: 'text', text: profile },
      { type: 'divider' },
      ...(upcoming.length > 0
        ? [{ type: 'header' as const, text: t('home.upcoming') }, { type: 'text' as const, text: upcoming.join('\n') }]
        : [{ type: 'text' as const, text: t('home.nothing_upcoming') }]),
      { type: 'actions', actions: [{ id: 'core.help', label: t('welcome.button_help'), value: '' }] },
    ],
  };
}

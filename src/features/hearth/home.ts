/**
 * A member's home view (Slack App Home; the same message elsewhere): who they are and what they
 * can do. Upcoming activities, pending prompts and recent recognition join it as those features land.
 */
import type { CommandContext } from '../../core/command.ts';
import type { Message } from '../../core/message.ts';
import { profileText } from './commands.ts';

export async function homeView(ctx: Omit<CommandContext, 'args'>): Promise<Message> {
  const { t, actor } = ctx;
  const profile = profileText(t, actor);
  return {
    text: `${t('home.title', { name: actor.name })}\n${profile}`,
    blocks: [
      { type: 'header', text: t('home.title', { name: actor.name }) },
      { type: 'text', text: profile },
      { type: 'divider' },
      { type: 'text', text: t('home.nothing_upcoming') },
      { type: 'actions', actions: [{ id: 'core.help', label: t('welcome.button_help'), value: '' }] },
    ],
  };
}

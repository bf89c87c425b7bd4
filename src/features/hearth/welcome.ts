/** The first direct message a member gets from Hearth. */
import type { Member } from '../../core/domain.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import type { Message } from '../../core/message.ts';

export function welcomeMessage(member: Member): Message {
  const t = translatorFor(member.locale);
  const text = t('welcome.text', { name: member.name });
  return {
    text,
    blocks: [
      { type: 'header', text: t('welcome.title') },
      { type: 'text', text },
      {
        type: 'actions',
        actions: [
          { id: 'hearth.whoami', label: t('welcome.button_profile'), value: '', style: 'primary' },
          { id: 'core.help', label: t('welcome.button_help'), value: '' },
        ],
      },
    ],
  };
}

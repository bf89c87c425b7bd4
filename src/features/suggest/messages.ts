/** The suggestion form: a Slack modal, an inline card elsewhere. */
import type { Translate } from '../../core/i18n/index.ts';
import { formMessage, type Message } from '../../core/message.ts';

export const suggestFormId = 'suggest.form';

export function suggestForm(t: Translate): Message {
  return formMessage({ id: suggestFormId, title: t('suggest.form_title'), submitLabel: t('suggest.form_submit'), cancelLabel: t('settings.cancel') }, [
    { type: 'text', text: t('suggest.form_intro') },
    { type: 'input', id: 'text', label: t('suggest.form_text'), kind: 'textarea', maxLength: 2000 },
    {
      type: 'input', id: 'anonymous', label: t('suggest.form_anonymous'), kind: 'select', initial: 'no',
      options: [{ value: 'no', label: t('suggest.form_named') }, { value: 'yes', label: t('suggest.anonymous') }],
    },
  ]);
}

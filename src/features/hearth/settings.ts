/**
 * `/hearth settings`: a member's own language and time zone, as a form (a Slack modal, an
 * inline card elsewhere). A roster import without a language column keeps what people chose.
 */
import type { CommandContext, FormSpec } from '../../core/command.ts';
import { isLocale, locales, translatorFor } from '../../core/i18n/index.ts';
import { formMessage, type Message, textMessage } from '../../core/message.ts';
import { isTimeZone } from '../../core/time.ts';

export const settingsFormId = 'hearth.settings';

export async function settingsForm(ctx: CommandContext): Promise<Message> {
  const { t, actor } = ctx;
  return formMessage({ id: settingsFormId, title: t('settings.title'), submitLabel: t('settings.save'), cancelLabel: t('settings.cancel') }, [
    { type: 'text', text: t('settings.intro') },
    {
      type: 'input', id: 'locale', label: t('settings.language'), kind: 'select', initial: actor.locale,
      options: locales.map((l) => ({ value: l, label: t(`language.${l}`) })),
    },
    { type: 'input', id: 'timezone', label: t('settings.timezone'), kind: 'text', initial: actor.timezone, placeholder: 'Europe/London', maxLength: 64 },
  ]);
}

export const settingsFormSpec: FormSpec = {
  id: settingsFormId,
  async submit(ctx, values) {
    const { t, actor, store } = ctx;
    const locale = (values.locale ?? '').trim();
    const timezone = (values.timezone ?? '').trim();
    const errors: Record<string, string> = {};
    if (!isLocale(locale)) errors.locale = t('csv.bad_locale', { value: locale });
    if (!isTimeZone(timezone)) errors.timezone = t('csv.bad_timezone', { value: timezone });
    if (Object.keys(errors).length > 0 || !isLocale(locale)) return { errors };
    const updated = await store.updatePreferences(actor.id, { locale, timezone });
    // Confirmed in the language just chosen.
    const next = translatorFor(updated.locale);
    return { done: textMessage(next('settings.saved', { language: next(`language.${updated.locale}`), timezone: updated.timezone })) };
  },
};

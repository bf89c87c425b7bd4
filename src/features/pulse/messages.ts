/** The pulse feature's messages, built once for every platform. */
import type { Locale, Translate } from '../../core/i18n/index.ts';
import { type Block, formMessage, type Message } from '../../core/message.ts';
import { questionById, scaleLabels } from './questions.ts';
import type { PulseRoundInfo } from './repo.ts';

export const answerAction = 'pulse.answer';
export const commentAction = 'pulse.comment';
export const commentFormId = 'pulse.comment';

/** The round's questions in one message, each with its buttons; the answer is all a click carries. */
export function questionsMessage(t: Translate, locale: Locale, round: PulseRoundInfo, closes: string, reminder = false, answered: ReadonlySet<string> = new Set()): Message {
  const intro = t(reminder ? 'pulse.reminder' : 'pulse.intro', { closes });
  const blocks: Block[] = [{ type: 'header', text: t('pulse.title') }, { type: 'text', text: intro }];
  const lines = [intro];
  round.questions.forEach((id, i) => {
    const question = questionById(id);
    if (!question) return;
    const text = `*${i + 1}.* ${question.text[locale]}`;
    lines.push(text);
    blocks.push({ type: 'text', text });
    // An answered question shows that it was taken, never what the answer was.
    if (answered.has(id)) blocks.push({ type: 'context', text: t('pulse.answered_mark') });
    else blocks.push({ type: 'actions', actions: scaleLabels(question.scale, locale).map((option) => ({ id: answerAction, label: option.label, value: `${round.id}|${id}|${option.value}` })) });
  });
  blocks.push({ type: 'context', text: t('pulse.privacy') });
  blocks.push({ type: 'actions', actions: [{ id: commentAction, label: t('pulse.comment_button'), value: round.id }] });
  return { text: lines.join('\n'), blocks };
}

export function commentForm(t: Translate): Message {
  return formMessage({ id: commentFormId, title: t('pulse.comment_title'), submitLabel: t('pulse.comment_submit'), cancelLabel: t('settings.cancel') }, [
    { type: 'text', text: t('pulse.comment_intro') },
    { type: 'input', id: 'comment', label: t('pulse.comment_label'), kind: 'textarea', maxLength: 1000 },
  ]);
}

/** The rotation feature's messages, built once for every platform. */
import type { Translate } from '../../core/i18n/index.ts';
import { formMessage, type Message } from '../../core/message.ts';
import type { RotationKind, Turn } from './repo.ts';

export const reflectFormId = 'rotation.reflect';

export function kindName(t: Translate, kind: RotationKind): string {
  return t(kind === 'manager-for-a-day' ? 'rotation.kind_manager' : 'rotation.kind_agent');
}

function what(t: Translate, kind: RotationKind): string {
  return t(kind === 'manager-for-a-day' ? 'rotation.what_manager' : 'rotation.what_agent');
}

export function assignedMessage(t: Translate, turn: Pick<Turn, 'kind' | 'date'>, team: string): Message {
  const text = t('rotation.assigned', { kind: kindName(t, turn.kind), date: turn.date, team });
  return { text: `${text}\n${what(t, turn.kind)}`, blocks: [{ type: 'header', text: kindName(t, turn.kind) }, { type: 'text', text }, { type: 'context', text: what(t, turn.kind) }] };
}

export function reminderMessage(t: Translate, turn: Pick<Turn, 'kind' | 'date'>, team: string): Message {
  const text = t('rotation.reminder', { kind: kindName(t, turn.kind), date: turn.date, team });
  return { text: `${text}\n${what(t, turn.kind)}`, blocks: [{ type: 'text', text }, { type: 'context', text: what(t, turn.kind) }] };
}

export function reflectPrompt(t: Translate, turn: Pick<Turn, 'kind'>): Message {
  const text = t('rotation.reflect_prompt', { kind: kindName(t, turn.kind) });
  return {
    text,
    blocks: [{ type: 'text', text }, { type: 'actions', actions: [{ id: reflectFormId, label: t('rotation.reflect_button'), value: '', style: 'primary' }] }],
  };
}

export function reflectForm(t: Translate, turn: Pick<Turn, 'kind' | 'date'>): Message {
  return formMessage({ id: reflectFormId, title: t('rotation.reflect_title'), submitLabel: t('rotation.reflect_submit'), cancelLabel: t('settings.cancel') }, [
    { type: 'text', text: t('rotation.reflect_intro', { kind: kindName(t, turn.kind), date: turn.date }) },
    { type: 'input', id: 'learned', label: t('rotation.reflect_learned'), kind: 'textarea', maxLength: 1500 },
    { type: 'input', id: 'change', label: t('rotation.reflect_change'), kind: 'textarea', maxLength: 1500 },
  ]);
}

/** The shared-lunch feature's messages, built once for every platform. */
import type { Translate } from '../../core/i18n/index.ts';
import type { Message } from '../../core/message.ts';
import type { Programme, Round } from './repo.ts';

export const joinAction = 'lunch.join';
export const rsvpAction = 'lunch.rsvp';
export const dropAction = 'lunch.drop';

const weekdayKeys = ['lunch.day_1', 'lunch.day_2', 'lunch.day_3', 'lunch.day_4', 'lunch.day_5', 'lunch.day_6', 'lunch.day_7'] as const;

export function describeProgramme(t: Translate, p: Programme, team: string): string {
  const rule = p.rule;
  const day = rule.freq === 'weekly' ? t(weekdayKeys[(rule.days[0] ?? 1) - 1]!) : '';
  const interval = rule.freq === 'weekly' ? rule.interval : 1;
  return t(interval === 1 ? 'lunch.describe_weekly' : 'lunch.describe', { team, interval, day, time: rule.time, size: p.groupSize, place: p.place ?? t('lunch.place_tbd') });
}

export function joinInvitation(t: Translate, p: Programme, team: string): Message {
  const text = `${t('lunch.join_invite')}\n${describeProgramme(t, p, team)}`;
  return {
    text,
    blocks: [
      { type: 'header', text: t('lunch.title') },
      { type: 'text', text },
      { type: 'context', text: t('lunch.join_privacy') },
      { type: 'actions', actions: [{ id: joinAction, label: t('lunch.join_button'), value: p.id, style: 'primary' }] },
    ],
  };
}

export function roundInvitation(t: Translate, round: Round, place: string | null): Message {
  const text = t('lunch.invitation', { date: round.date, time: round.time, place: place ?? t('lunch.place_tbd') });
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: t('lunch.invitation_hint') },
      {
        type: 'actions',
        actions: [
          { id: rsvpAction, label: t('lunch.yes'), value: `${round.id}:yes`, style: 'primary' },
          { id: rsvpAction, label: t('lunch.no'), value: `${round.id}:no` },
        ],
      },
    ],
  };
}

/** The invitation once answered: the answer shown, and the other button to change one's mind. */
export function answeredInvitation(t: Translate, round: Round, place: string | null, yes: boolean): Message {
  const invite = roundInvitation(t, round, place);
  const actions = invite.blocks.find((b) => b.type === 'actions');
  const other = actions?.type === 'actions' ? actions.actions.filter((a) => a.value.endsWith(yes ? ':no' : ':yes')) : [];
  return {
    text: invite.text,
    blocks: [
      invite.blocks[0]!,
      { type: 'context', text: t(yes ? 'lunch.answered_yes' : 'lunch.answered_no') },
      ...(other.length > 0 ? [{ type: 'actions' as const, actions: other }] : []),
    ],
  };
}

export function groupMessage(t: Translate, round: Round, place: string | null, others: string[]): Message {
  const text = t('lunch.your_group', { date: round.date, time: round.time, place: place ?? t('lunch.place_tbd'), names: others.join(', ') });
  return {
    text,
    blocks: [
      { type: 'header', text: t('lunch.title') },
      { type: 'text', text },
      { type: 'actions', actions: [{ id: dropAction, label: t('lunch.drop_button'), value: round.id, style: 'danger' }] },
    ],
  };
}

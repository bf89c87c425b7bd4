/** The gathering feature's messages and reminder jobs, built once for every platform. */
import { DateTime } from 'luxon';
import type { Translate } from '../../core/i18n/index.ts';
import type { Message } from '../../core/message.ts';
import { localToInstant } from '../../core/recurrence.ts';
import type { OneOffJob } from '../../core/scheduler.ts';
import type { GatheringRecord } from './repo.ts';

export const rsvpAction = 'gathering.rsvp';

export function invitation(t: Translate, g: GatheringRecord, organiser: string, going: number): Message {
  const text = t('gathering.invitation', { title: g.title, date: g.date, time: g.time, place: g.place ?? t('gathering.place_tbd'), organiser });
  return {
    text,
    blocks: [
      { type: 'header', text: g.title },
      { type: 'text', text },
      { type: 'context', text: t('gathering.going', { count: going }) },
      {
        type: 'actions',
        actions: [
          { id: rsvpAction, label: t('gathering.yes'), value: `${g.id}:yes`, style: 'primary' },
          { id: rsvpAction, label: t('gathering.no'), value: `${g.id}:no` },
        ],
      },
    ],
  };
}

export function rsvpLine(t: Translate, g: GatheringRecord, answer: 'yes' | 'no', going: number): string {
  return t(answer === 'yes' ? 'gathering.rsvp_yes' : 'gathering.rsvp_no', { title: g.title, date: g.date, time: g.time, going });
}

export function reminderMessage(t: Translate, g: GatheringRecord, which: 'day-before' | 'day-of', going: number): Message {
  const text = t(which === 'day-before' ? 'gathering.remind_tomorrow' : 'gathering.remind_today', { title: g.title, time: g.time, place: g.place ?? t('gathering.place_tbd'), going });
  return { text, blocks: [{ type: 'text', text }] };
}

/** A reminder the day before at 10:00 and one three hours before, in the gathering's zone. */
export function reminderJobs(g: GatheringRecord): OneOffJob[] {
  const before = DateTime.fromISO(g.date, { zone: g.timezone }).minus({ days: 1 }).toISODate()!;
  return [
    { key: `gathering.remind:${g.id}:day-before`, orgId: g.orgId, kind: 'gathering.remind', dueAt: localToInstant(before, '10:00', g.timezone), payload: { gatheringId: g.id, which: 'day-before', at: g.at.toISOString() } },
    { key: `gathering.remind:${g.id}:day-of`, orgId: g.orgId, kind: 'gathering.remind', dueAt: new Date(g.at.getTime() - 3 * 3_600_000), payload: { gatheringId: g.id, which: 'day-of', at: g.at.toISOString() } },
  ];
}

/** What the shared-lunch feature keeps, as it sees it; `src/infra/db/lunch-store.ts` implements it. */
import type { Rule } from '../../core/recurrence.ts';

/** A lunch programme: a recurring lunch for a team (or, with no team, the whole site). */
export interface Programme {
  id: string;
  orgId: string;
  teamId: string | null;
  rule: Rule;
  timezone: string;
  groupSize: number;
  /** How long before each lunch the invitations go out. */
  leadMinutes: number;
  place: string | null;
  /** No lunch before this instant (the first one needs time for its invitations). */
  startAfter: Date;
  active: boolean;
}

export interface Participant {
  memberId: string;
  status: 'active' | 'paused' | 'left';
  pausedUntil: string | null;
  skipNext: boolean;
  ignored: number;
}

export interface Round {
  id: string;
  key: string;
  scheduleId: string;
  date: string;
  time: string;
  at: Date;
  groupSize: number;
  status: 'inviting' | 'grouped' | 'done' | 'cancelled';
}

export type LunchAnswer = 'pending' | 'yes' | 'no' | 'dropped';

export interface Rsvp {
  memberId: string;
  answer: LunchAnswer;
  groupNo: number | null;
}

export interface LunchRepo {
  programme(orgId: string, teamId: string | null): Promise<Programme | null>;
  programmeById(id: string): Promise<Programme | null>;
  /** Creates or replaces the team's programme (one per team), audited. */
  saveProgramme(p: Omit<Programme, 'id' | 'active'>, actorId: string): Promise<Programme>;
  deactivate(id: string, actorId: string): Promise<void>;
  participant(scheduleId: string, memberId: string): Promise<Participant | null>;
  participants(scheduleId: string): Promise<Participant[]>;
  setParticipant(scheduleId: string, memberId: string, patch: Partial<Omit<Participant, 'memberId'>>): Promise<void>;
  avoidList(memberId: string): Promise<string[]>;
  setAvoid(memberId: string, avoidId: string, avoid: boolean): Promise<boolean>;
  /** Avoid entries among these people, as pairs. */
  avoidPairs(memberIds: string[]): Promise<Array<[string, string]>>;
  /** The round for an occurrence key, created once however often it is asked for. */
  ensureRound(round: Omit<Round, 'id' | 'status'>): Promise<{ round: Round; created: boolean }>;
  round(id: string): Promise<Round | null>;
  /** The programme's next round not yet done, if one has been created. */
  openRound(scheduleId: string): Promise<Round | null>;
  addRsvps(roundId: string, memberIds: string[], answer: LunchAnswer): Promise<void>;
  rsvps(roundId: string): Promise<Rsvp[]>;
  /** Changes an answer; returns the row before, or null when this person was not invited. */
  answer(roundId: string, memberId: string, answer: LunchAnswer): Promise<Rsvp | null>;
  setGroups(roundId: string, groups: string[][]): Promise<void>;
  /** Puts one person in a group (a late yes, or someone moved when their group fell apart). */
  setGroup(roundId: string, memberId: string, groupNo: number): Promise<void>;
  setStatus(roundId: string, status: Round['status']): Promise<void>;
  /** Groups of the programme's last `limit` grouped or done rounds, most recent first. */
  history(scheduleId: string, limit: number): Promise<string[][][]>;
  /** A member's past groups across programmes, most recent first: [date, other member ids]. */
  pastGroups(memberId: string, limit: number): Promise<Array<{ date: string; with: string[] }>>;
}

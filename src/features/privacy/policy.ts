/**
 * What data rights mean for each table: the decision, made once per model, about what a member's
 * export holds and what erasing them does. `src/infra/db/member-data-store.ts` carries it out, and
 * a test fails when the schema gains a model, or a field that can hold a member id, that this
 * table does not decide on, so new personal data cannot slip past export and erasure unnoticed.
 *
 * Erasure keeps anonymous aggregates intact by moving the member's history to a *stand-in*: a new
 * inactive roster row, "Erased member", with a random id, the same team and role and nothing
 * else of theirs. Team counts that join rows to a team through the member (kudos per team, lunch
 * and rotation history, leaderboard points) stay as they were, while nothing left can be tied to
 * the person. Things that only concern them going forward (lunch membership, avoid lists, the
 * oversight group, their identities) are deleted instead.
 */

/** One model's decision. */
export interface TablePolicy {
  /** Fields that hold a member id (or, for the member itself, their identifiers). */
  refs: readonly string[];
  /** What the member's export takes from this table. */
  export: string;
  /** What erasing the member does to this table. */
  erase: string;
}

export const memberDataPolicy = {
  Organization: { refs: [], export: 'nothing: no member data', erase: 'kept' },
  Workspace: { refs: [], export: 'nothing: no member data', erase: 'kept' },
  Team: { refs: [], export: 'the team name, in the profile', erase: 'kept' },
  Member: {
    refs: ['id', 'email', 'name'],
    export: 'profile: name, email, role, team, time zone, language (their settings), active, dates',
    erase: 'deleted; a stand-in with a random id, the same team and role, no name or email, inactive, takes over the history',
  },
  PlatformIdentity: { refs: ['memberId'], export: 'platform, workspace, user id, linked on', erase: 'deleted' },
  Shift: { refs: ['memberId'], export: 'days and times', erase: 'deleted' },
  AuditLog: {
    refs: ['actorId'],
    export: 'entries where they acted or were the target: action, target, detail, when',
    erase: 'kept; their id (as actor, target or in the detail) becomes the stand-in\'s, their email, name and platform ids in target and detail become [erased]',
  },
  PlaygroundMessage: { refs: [], export: 'nothing: a stand-in for chat history, not a record', erase: 'deleted: their DMs and every message naming them' },
  Delivery: { refs: [], export: 'nothing: the outbound queue', erase: 'deleted: everything addressed to their platform ids or whose key or content names them, pending or sent' },
  InboundReceipt: { refs: [], export: 'nothing: platform event ids only', erase: 'kept' },
  ConversationRef: { refs: [], export: 'nothing: a platform handle', erase: 'deleted: their user references and any naming them' },
  Schedule: { refs: ['createdBy'], export: 'schedules they set up: kind, team, when', erase: 'createdBy becomes the stand-in' },
  Occurrence: { refs: [], export: 'nothing: a record of job runs', erase: 'kept; their id in a run\'s result (a rotation reminder names whom it reminded) becomes the stand-in\'s' },
  Holiday: { refs: [], export: 'nothing: no member data', erase: 'kept' },
  LunchMember: { refs: ['memberId'], export: 'their lunch programmes: status, pause, joined on', erase: 'deleted: they no longer take part' },
  LunchAvoid: {
    refs: ['memberId', 'avoidId'],
    export: 'their own avoid list (names); entries by others about them are the others\' private data and are not exported',
    erase: 'deleted, both their own list and others\' entries about them',
  },
  LunchRound: { refs: [], export: 'the date of each lunch they answered', erase: 'kept' },
  LunchRsvp: {
    refs: ['memberId'],
    export: 'date, answer, group',
    erase: 'moved to the stand-in (participation counts kept); deleted in rounds still inviting, which no count has used yet',
  },
  RotationTurn: {
    refs: ['memberId', 'createdBy'],
    export: 'kind, month, date, status, and the reflection they wrote',
    erase: 'moved to the stand-in; their reflection (learned, change) removed; names and emails in others\' reflections become [erased]; turns still to come are called off with their reminders, since nobody can take them',
  },
  Gathering: {
    refs: ['createdBy', 'paidBy'],
    export: 'gatherings they organised or paid for: title, date, place, bill',
    erase: 'organiser and payer become the stand-in; names and emails in title and place become [erased]',
  },
  GatheringRsvp: { refs: ['memberId'], export: 'title, date, answer', erase: 'moved to the stand-in' },
  GatheringShare: { refs: ['memberId'], export: 'title, amount, paid', erase: 'moved to the stand-in' },
  PulseRound: { refs: [], export: 'nothing: a round is the team\'s, and says nobody answered what', erase: 'kept' },
  PulseBallot: { refs: [], export: 'nothing: not tied to anyone (the note says so)', erase: 'kept' },
  PulseAnswer: { refs: [], export: 'nothing: not tied to anyone (the note says so)', erase: 'kept' },
  PulseComment: { refs: [], export: 'nothing: not tied to anyone (the note says so)', erase: 'kept' },
  Suggestion: {
    refs: ['authorId', 'ownerId'],
    export: 'suggestions under their name, and those they own: text, status, dates; anonymous ones are not tied to anyone and are never looked for',
    erase: 'kept, with no author and no owner (adoption figures unchanged); names and emails in text and reason become [erased]',
  },
  OversightMember: { refs: ['memberId', 'addedBy'], export: 'whether and since when they sit in the group', erase: 'their seat deleted; addedBy becomes the stand-in' },
  Kudos: {
    refs: ['giverId'],
    export: 'kudos given (value, message, to whom) and received (value, message, from whom)',
    erase: 'giver becomes the stand-in; the message of every kudos they gave or received removed; names and emails in other messages become [erased]',
  },
  KudosRecipient: { refs: ['memberId'], export: 'as part of kudos received', erase: 'moved to the stand-in (counts kept)' },
  Points: { refs: ['memberId'], export: 'points, reason, when', erase: 'moved to the stand-in (leaderboard counts kept)' },
} as const satisfies Record<string, TablePolicy>;

export type PolicyModel = keyof typeof memberDataPolicy;

/** Said in every export, because pulse answers and anonymous suggestions must stay untraceable. */
export const anonymousDataNote =
  'Pulse answers and comments, and suggestions made anonymously, are not tied to anyone in Hearth, so they cannot be part of this export and were not looked for.';

/** The stand-in's name, shown where history still lists someone (a past role swap, a leaderboard). */
export const erasedName = 'Erased member';

/** What identifying text left in free text (a title, a message someone else wrote) becomes. */
export const erasedMark = '[erased]';

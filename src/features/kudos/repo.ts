/** What the recognition feature keeps, as it sees it; `src/infra/db/kudos-store.ts` implements it. */
export interface KudosRepo {
  /** Records a kudos, its recipients and their points at once; returns its id. */
  give(kudos: { orgId: string; giverId: string; value: string; message: string; recipientIds: string[]; points: number; at: Date }): Promise<string>;
  /** A kudos this giver gave since an instant with the same value, words and people; null if none. */
  sameSince(kudos: { giverId: string; value: string; message: string; recipientIds: string[] }, since: Date): Promise<string | null>;
  /** How many people this giver has recognised since an instant (the daily limit counts people, not posts). */
  givenSince(giverId: string, since: Date): Promise<number>;
  /** Points earned between two instants, most first, with ties in name order left to the caller. */
  pointsBetween(orgId: string, from: Date, to: Date): Promise<Array<{ memberId: string; points: number }>>;
  /** When each of these people last received a kudos (absent: never). */
  lastReceived(memberIds: string[]): Promise<Map<string, Date>>;
  /** Kudos a member received since an instant, newest first. */
  receivedSince(memberId: string, since: Date, limit: number): Promise<Array<{ giverId: string; value: string; message: string; at: Date }>>;
  /** Awards points once per reason and reference (an adopted suggestion). False when already awarded. */
  award(orgId: string, memberId: string, points: number, reason: string, ref: string, at: Date): Promise<boolean>;
}

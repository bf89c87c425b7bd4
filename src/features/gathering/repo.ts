/** What the gathering feature keeps, as it sees it; `src/infra/db/gathering-store.ts` implements it. */
export interface GatheringRecord {
  id: string;
  orgId: string;
  /** Null for the whole organisation. */
  teamId: string | null;
  title: string;
  date: string;
  time: string;
  timezone: string;
  at: Date;
  place: string | null;
  status: 'planned' | 'cancelled';
  createdBy: string;
  currency: string;
  totalMinor: number | null;
  paidBy: string | null;
}

export interface Share {
  memberId: string;
  amountMinor: number;
  paid: boolean;
}

export interface GatheringRepo {
  create(data: Omit<GatheringRecord, 'id' | 'status' | 'totalMinor' | 'paidBy'>): Promise<GatheringRecord>;
  find(id: string): Promise<GatheringRecord | null>;
  /** Planned gatherings of these teams (null: organisation-wide) between two instants, soonest first. */
  list(orgId: string, teamIds: Array<string | null>, from: Date, to: Date): Promise<GatheringRecord[]>;
  /** Records or changes an answer; returns the answer it replaced, if any. */
  rsvp(gatheringId: string, memberId: string, answer: 'yes' | 'no'): Promise<'yes' | 'no' | null>;
  rsvps(gatheringId: string): Promise<Array<{ memberId: string; answer: 'yes' | 'no' }>>;
  cancel(id: string, actorId: string): Promise<void>;
  /** Records the bill and the shares at once; false when it was already split (another replica, a double click). */
  recordSplit(id: string, totalMinor: number, paidBy: string, shares: Array<{ memberId: string; amountMinor: number }>, actorId: string): Promise<boolean>;
  shares(id: string): Promise<Share[]>;
  /** Marks a share paid; false when there is no such share or it was paid already. */
  settle(id: string, memberId: string, now: Date): Promise<boolean>;
}

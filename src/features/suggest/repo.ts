/** What the suggestions feature keeps, as it sees it; `src/infra/db/suggestion-store.ts` implements it. */
export type SuggestionStatus = 'submitted' | 'under_review' | 'adopted' | 'implemented' | 'declined';

export interface SuggestionRecord {
  id: number;
  orgId: string;
  teamId: string | null;
  authorId: string | null;
  anonymous: boolean;
  text: string;
  status: SuggestionStatus;
  ownerId: string | null;
  dueDate: string | null;
  reason: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
  adoptedAt: Date | null;
  implementedAt: Date | null;
  declinedAt: Date | null;
}

export type SuggestionChange = Partial<Pick<SuggestionRecord, 'status' | 'ownerId' | 'dueDate' | 'reason' | 'reviewedAt' | 'adoptedAt' | 'implementedAt' | 'declinedAt' | 'authorId'>>;

export interface SuggestionRepo {
  create(data: Pick<SuggestionRecord, 'orgId' | 'teamId' | 'authorId' | 'anonymous' | 'text' | 'createdAt'> & { receiptHash: string | null }): Promise<SuggestionRecord>;
  find(orgId: string, id: number): Promise<SuggestionRecord | null>;
  findByReceipt(orgId: string, receiptHash: string): Promise<SuggestionRecord | null>;
  /** Applies a change only if the status is still one of `from` (two reviewers at once: one wins), audited. */
  transition(orgId: string, id: number, from: SuggestionStatus[], change: SuggestionChange, actorId: string, action: string): Promise<SuggestionRecord | null>;
  list(orgId: string, filter: { status?: SuggestionStatus; authorId?: string; limit: number }): Promise<SuggestionRecord[]>;
  /** Suggestions made between two instants, for adoption statistics. */
  createdBetween(orgId: string, from: Date, to: Date): Promise<SuggestionRecord[]>;
  /** Adopted, not implemented, due before `today`. */
  overdue(orgId: string, today: string): Promise<SuggestionRecord[]>;
  oversight(orgId: string): Promise<string[]>;
  setOversight(orgId: string, memberId: string, member: boolean, actorId: string): Promise<boolean>;
}

/** What the rotation feature keeps, as it sees it; `src/infra/db/rotation-store.ts` implements it. */
export type RotationKind = 'manager-for-a-day' | 'agent-for-a-day';
export const rotationKinds: readonly RotationKind[] = ['manager-for-a-day', 'agent-for-a-day'];

export interface Turn {
  id: string;
  teamId: string;
  kind: RotationKind;
  month: string;
  memberId: string;
  date: string;
  status: 'scheduled' | 'skipped' | 'cancelled';
  learned: string | null;
  change: string | null;
}

export interface RotationRepo {
  /** Per member, how many turns of `kind` they have had (scheduled ones) and the last date. */
  history(teamId: string, kind: RotationKind): Promise<Array<{ memberId: string; turns: number; lastTurn: string | null }>>;
  /** Scheduled turns of a team in a month, every kind, by date. */
  month(teamId: string, month: string): Promise<Turn[]>;
  /** Creates the turns in one transaction, audited. */
  create(orgId: string, turns: Array<Pick<Turn, 'teamId' | 'kind' | 'month' | 'memberId' | 'date'>>, actorId: string): Promise<Turn[]>;
  /** Changes one turn, audited with `action`. */
  update(orgId: string, id: string, change: Partial<Pick<Turn, 'memberId' | 'date' | 'status'>>, actorId: string, action: string): Promise<void>;
  find(id: string): Promise<Turn | null>;
  /** A member's scheduled turns on or after a date. */
  upcoming(memberId: string, fromDate: string): Promise<Turn[]>;
  /** The member's most recent past turn that has no reflection yet. */
  awaitingReflection(memberId: string, today: string): Promise<Turn | null>;
  saveReflection(id: string, learned: string, change: string): Promise<void>;
}

/** What the pulse feature keeps, as it sees it; `src/infra/db/pulse-store.ts` implements it. */
export interface PulseRoundInfo {
  id: string;
  key: string;
  orgId: string;
  teamId: string;
  openedOn: string;
  closesAt: Date;
  questions: string[];
  status: 'open' | 'closed';
  invited: number;
  answered: number;
  threshold: number;
}

/** `closed`: the round closed before the answer arrived. */
export type BallotOutcome = 'recorded' | 'already' | 'closed';

export interface PulseRepo {
  /** Opens the round for an occurrence key, once however often asked. */
  openRound(round: Omit<PulseRoundInfo, 'id' | 'status' | 'invited' | 'answered'> & { secret: string }): Promise<{ round: PulseRoundInfo; created: boolean }>;
  setInvited(roundId: string, invited: number): Promise<void>;
  round(id: string): Promise<PulseRoundInfo | null>;
  /** The open round's ballot secret; null once the round has closed. */
  secretOf(roundId: string): Promise<string | null>;
  /**
   * Records an answer under a ballot token, in one transaction with the person's round ballot
   * (which counts them as having answered, once); 'already' when this ballot exists.
   */
  answer(roundId: string, ballot: string, roundBallot: string, questionId: string, value: number): Promise<BallotOutcome>;
  comment(roundId: string, ballot: string, roundBallot: string, text: string): Promise<BallotOutcome>;
  hasBallot(roundId: string, token: string): Promise<boolean>;
  /** Closes the round: erases its secret and rewrites its answers in random order. False if already closed. */
  close(roundId: string): Promise<boolean>;
  /** The open round of a team, if any. */
  openRoundOf(teamId: string): Promise<PulseRoundInfo | null>;
  /** Closed rounds of these teams, newest first, up to `limit` per team. */
  closedRounds(teamIds: string[], limit: number): Promise<PulseRoundInfo[]>;
  answers(roundIds: string[]): Promise<Array<{ roundId: string; questionId: string; value: number }>>;
  comments(roundId: string): Promise<string[]>;
  /** How many rounds a team has had, for rotating questions. */
  roundCount(teamId: string): Promise<number>;
}

/**
 * The facts a weekly digest is made of, counted by the database (`src/infra/db/digest-store.ts`)
 * so that a year of a large centre's history aggregates in one pass, not in memory.
 */
export interface Window {
  from: Date;
  to: Date;
}

/** One closed pulse round of a team, with its answers' values by question scale (never by person). */
export interface PulseRoundFacts {
  teamId: string;
  closesAt: Date;
  invited: number;
  answered: number;
  threshold: number;
  /** Values of 1–5 questions. */
  agree: number[];
  /** Values of the 0–10 eNPS question, when asked. */
  enps: number[];
  /** The fewest people who answered any one 1–5 question: a mean is never of fewer. */
  fewest: number;
}

export interface DigestSource {
  /** Lunch invitations and yeses per team (null: site-wide) for rounds held in the window. */
  lunches(orgId: string, w: Window): Promise<Array<{ teamId: string | null; invited: number; yes: number }>>;
  /** Role-swap turns held in the window (by local date), with what their people said they learned. */
  rotations(orgId: string, fromDate: string, toDate: string): Promise<Array<{ teamId: string; kind: string; learned: string | null; change: string | null }>>;
  /** Gatherings held in the window, with how many said they were coming. */
  gatherings(orgId: string, w: Window): Promise<Array<{ teamId: string | null; title: string; going: number }>>;
  /** The last `limit` closed pulse rounds of each team closed before `before`, newest first. */
  pulseRounds(orgId: string, before: Date, limit: number): Promise<PulseRoundFacts[]>;
  /** Suggestions per team: made, adopted, implemented in the window; overdue on `today`. */
  suggestions(orgId: string, w: Window, today: string): Promise<Array<{ teamId: string | null; made: number; adopted: number; implemented: number; overdue: number }>>;
  /** Kudos given and received per team (by the giver's and the recipient's team) in the window. */
  kudos(orgId: string, w: Window): Promise<{ given: Map<string, number>; received: Map<string, number> }>;
  /** Agents with no kudos received since an instant, per team. */
  unrecognised(orgId: string, since: Date): Promise<Array<{ teamId: string; name: string }>>;
  /**
   * Suggestions made since an instant, and how many of them were adopted and implemented, per team:
   * the funnel. Per team, so Monday's run counts once for every scope it computes.
   */
  funnels(orgId: string, since: Date): Promise<Array<{ teamId: string | null; made: number; adopted: number; implemented: number }>>;
  /** The secret digest links are signed with, made once per organisation. */
  linkSecret(orgId: string): Promise<string>;
  /** What is coming up in the window, per team (null: everyone). */
  upcoming(orgId: string, w: Window, fromDate: string, toDate: string): Promise<Array<{ teamId: string | null; when: string; what: 'lunch' | 'rotation' | 'gathering'; title: string }>>;
}

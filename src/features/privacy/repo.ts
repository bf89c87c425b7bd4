/**
 * The data-rights port: what exporting and erasing a member needs from storage.
 * `src/infra/db/member-data-store.ts` implements it, table by table, as `policy.ts` decides.
 */

/** One exported row: plain JSON values, instants as ISO text. */
export type ExportRow = Record<string, string | number | boolean | null | string[]>;

/** Everything stored about a member or naming them, grouped as a person would look for it. */
export interface MemberRecords {
  profile: ExportRow;
  identities: ExportRow[];
  shifts: ExportRow[];
  lunch: { programmes: ExportRow[]; avoiding: ExportRow[]; rsvps: ExportRow[] };
  rotations: ExportRow[];
  gatherings: { organised: ExportRow[]; paid: ExportRow[]; rsvps: ExportRow[]; shares: ExportRow[] };
  kudos: { given: ExportRow[]; received: ExportRow[] };
  points: ExportRow[];
  suggestions: { authored: ExportRow[]; owned: ExportRow[] };
  oversight: ExportRow[];
  schedules: ExportRow[];
  audit: ExportRow[];
}

/** The kinds of rows erasure touches, in the order they are reported. */
export const erasureKinds = [
  ['profile', 'replaced by an anonymous stand-in'],
  ['platform identities', 'deleted'],
  ['shifts', 'deleted'],
  ['conversation references', 'deleted'],
  ['outbound messages', 'deleted'],
  ['playground messages', 'deleted'],
  ['lunch memberships', 'deleted'],
  ['lunch avoid entries', 'deleted'],
  ['oversight seats', 'deleted'],
  ['lunch answers', 'kept anonymously (open rounds: deleted)'],
  ['role swaps', 'kept anonymously, reflections removed'],
  ['role swaps to come', 'called off, with their reminders'],
  ['gatherings organised or paid', 'kept anonymously'],
  ['gathering answers', 'kept anonymously'],
  ['bill shares', 'kept anonymously'],
  ['kudos given or received', 'kept anonymously, messages removed'],
  ['points', 'kept anonymously'],
  ['suggestions authored or owned', 'kept without their name'],
  ['schedules set up', 'kept anonymously'],
  ['audit entries', 'kept anonymously'],
  ['job records', 'kept anonymously'],
  ['mentions in free text', 'replaced by [erased]'],
] as const;

export type ErasureKind = (typeof erasureKinds)[number][0];
export type ErasureCounts = Record<ErasureKind, number>;

export interface MemberDataRepo {
  /** Every record of the member, read as `policy.ts` lists it. */
  recordsOf(memberId: string): Promise<MemberRecords>;
  /**
   * Erases the member as `policy.ts` decides, and audits it (actor null, target the stand-in), in
   * one transaction. With `apply` false the same transaction runs and is rolled back, so the
   * preview counts are exactly what applying would do.
   */
  erase(memberId: string, options: { apply: boolean; at: Date }): Promise<ErasureCounts>;
  /** Records an export in the audit log: actor null (the command line), target the member. */
  auditExport(orgId: string, memberId: string, at: Date): Promise<void>;
}

/**
 * Data rights for one member, by email: a copy of everything Hearth holds about them (issue 8),
 * and erasure that keeps the anonymous aggregates (issue 9). The command line drives it; the
 * decisions per table are in `policy.ts`.
 */
import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../core/ports.ts';
import { anonymousDataNote } from './policy.ts';
import { erasureKinds, type ErasureCounts, type MemberDataRepo, type MemberRecords } from './repo.ts';

export interface MemberDataConfig {
  store: Store;
  repo: MemberDataRepo;
  clock: Clock;
}

/** A member's export, as written out: the records, when, and what it cannot hold. */
export interface MemberExport extends MemberRecords {
  format: 'hearth-member-export/1';
  exportedAt: string;
  note: string;
}

export type ExportOutcome = { kind: 'unknown'; email: string } | { kind: 'exported'; data: MemberExport };
export type EraseOutcome =
  | { kind: 'unknown'; email: string }
  | { kind: 'preview' | 'erased'; name: string; email: string; counts: ErasureCounts };

export interface MemberData {
  exportMember(orgId: string, email: string): Promise<ExportOutcome>;
  /** Without `apply`, only says what would go: erasure cannot be undone. */
  eraseMember(orgId: string, email: string, apply: boolean): Promise<EraseOutcome>;
}

export function createMemberData({ store, repo, clock }: MemberDataConfig): MemberData {
  return {
    async exportMember(orgId, email) {
      const member = await store.findMemberByEmail(orgId, email);
      if (!member) return { kind: 'unknown', email };
      const records = await repo.recordsOf(member.id);
      const at = clock.now();
      await repo.auditExport(orgId, member.id, at);
      return { kind: 'exported', data: { format: 'hearth-member-export/1', exportedAt: at.toISOString(), note: anonymousDataNote, ...records } };
    },

    async eraseMember(orgId, email, apply) {
      const member = await store.findMemberByEmail(orgId, email);
      if (!member) return { kind: 'unknown', email };
      const counts = await repo.erase(member.id, { apply, at: clock.now() });
      return { kind: apply ? 'erased' : 'preview', name: member.name, email: member.email, counts };
    },
  };
}

/** One line per kind of row touched, skipping kinds with none, for the preview and the receipt. */
export function describeErasure(counts: ErasureCounts): string[] {
  return erasureKinds.filter(([kind]) => counts[kind] > 0).map(([kind, what]) => `  ${kind}: ${counts[kind]} (${what})`);
}

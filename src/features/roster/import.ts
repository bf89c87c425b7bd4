/** Roster import, shared by the command line and (later) the admin chat command. */
import type { Organization } from '../../core/domain.ts';
import type { MessageKey, Translate } from '../../core/i18n/index.ts';
import type { RosterImportResult, Store } from '../../core/ports.ts';
import { readRosterFile, type RowProblem } from './roster-file.ts';

export type ImportOutcome = { ok: true; result: RosterImportResult } | { ok: false; problems: RowProblem[] };

export async function importRoster(
  store: Store,
  org: Organization,
  csvText: string,
  actorId: string | null,
): Promise<ImportOutcome> {
  const file = readRosterFile(csvText, { timezone: org.timezone });
  if (!file.ok) return file;
  return { ok: true, result: await store.importRoster(org.id, file.entries, actorId, org.locale) };
}

/** One line per problem, in the reader's language; nested keys (a shift's reason, a role) translated. */
export function describeImport(t: Translate, outcome: ImportOutcome): string {
  if (outcome.ok) {
    const r = outcome.result;
    return t('import.ok', { created: r.created, updated: r.updated, unchanged: r.unchanged, teams: r.teamsCreated });
  }
  const lines = outcome.problems.map((p) => {
    const params = { ...p.params };
    if (typeof params.reason === 'string') params.reason = t(params.reason as MessageKey);
    if (p.key === 'csv.bad_team' && typeof params.role === 'string') params.role = t(`role.${params.role}` as MessageKey);
    const reason = t(p.key, params);
    return p.line > 0 ? t('import.row_error', { line: p.line, reason }) : reason;
  });
  return [t('import.failed', { count: outcome.problems.length }), ...lines].join('\n');
}

/**
 * Which teams' latest pulse may be shown, anywhere. The decision is always taken over the whole
 * organisation, whatever a view shows: a team needs enough people on every question of its
 * round, and when a team is hidden while the all-teams figure is shown, the next smallest is
 * hidden with it. Taking it once, for every view, is what stops a reader subtracting one view from
 * another (the all-teams figure minus a team asked for on its own).
 */
import { aggregate } from './aggregate.ts';
import { questionById } from './questions.ts';

export interface LatestRound {
  teamId: string;
  roundId: string;
  threshold: number;
  questions: string[];
}

/** The fewest people who answered any one 1–5 question of a round: a mean is never of fewer. */
export function fewestOnAQuestion(questions: string[], values: Array<{ questionId: string }>): number {
  const counts = questions.filter((q) => questionById(q)?.scale === 'agree5').map((q) => values.filter((v) => v.questionId === q).length);
  return counts.length > 0 ? Math.min(...counts) : 0;
}

export interface Disclosure {
  /** Teams whose latest round may be shown. */
  shown: Set<string>;
  /** Whether the all-teams figure may be shown. */
  totalShown: boolean;
}

export function disclosure(latest: Array<{ teamId: string; threshold: number; people: number }>): Disclosure {
  if (latest.length === 0) return { shown: new Set(), totalShown: false };
  const threshold = Math.min(10, Math.max(3, ...latest.map((r) => r.threshold)));
  const result = aggregate(latest.map((r) => ({ group: r.teamId, values: Array<number>(r.people).fill(3) })), 'agree5', threshold);
  return { shown: new Set(result.groups.filter((g) => g.shown).map((g) => g.group)), totalShown: result.total.shown && latest.length > 1 };
}

/**
 * Anonymity-safe pulse results. Pure: the caller loads the raw answers per group (team) and
 * renders whatever comes back; nothing here knows who answered.
 *
 * No published figure may describe fewer than `threshold` people, and that includes figures a
 * reader can work out: if one small team is hidden while the total and every other team are
 * shown, the total minus the others *is* that team. So whenever anything is hidden, the hidden
 * groups together always hold at least `threshold` answers (complementary suppression).
 */
import { scaleValues, type QuestionScale } from './questions.ts';

export interface GroupAnswers {
  group: string;
  /** the raw answer values of one question in one round, for this group */
  values: number[];
}

/** Why a group's figures are withheld: below the threshold itself, or hidden so a small group can't be derived. */
export type HiddenReason = 'small' | 'complement';

export interface GroupResult {
  group: string;
  shown: boolean;
  hidden?: HiddenReason;
  /** Absent when hidden: even a count would tell a team how few of them answered. */
  count?: number;
  mean?: number;
  /** only for enps: % promoters (9-10) minus % detractors (0-6), rounded to an integer */
  enps?: number;
  /** answers per scale value, every value present (zero included) so charts line up; only when shown */
  distribution?: Record<number, number>;
}

export interface QuestionResult {
  groups: GroupResult[];
  /** group '*': everyone's answers together */
  total: GroupResult;
}

export interface ParticipationRow {
  group: string;
  invited: number;
  answered: number;
}

export interface ParticipationResult {
  group: string;
  shown: boolean;
  hidden?: HiddenReason;
  invited?: number;
  answered?: number;
  /** answered / invited, 0..1, unrounded: formatting is the renderer's business */
  rate?: number;
}

/** The smallest group whose figures are published, unless the organisation picks another. */
const defaultThreshold = 5;
/** Below 3 anonymity is a fiction; above 10 most teams would never see their own results. */
const thresholdRange = { min: 3, max: 10 } as const;
const totalGroup = '*';

/**
 * Results of one question in one round, per group and in total, with every figure that could
 * expose fewer than `threshold` people hidden:
 * 1. a group with fewer than `threshold` answers is hidden ('small'), count included;
 * 2. while the hidden groups hold fewer than `threshold` answers between them, the smallest shown
 *    group is hidden too ('complement', ties broken by name), so subtracting the shown groups
 *    from the total only ever yields a combined figure for `threshold` or more people;
 * 3. the total is shown only when it has at least `threshold` answers, which also hides it when a
 *    lone group is hidden.
 * Throws RangeError for a threshold outside 3..10, repeated or reserved ('*') group names, and
 * values the scale doesn't allow: each of those is a bug upstream, not something to publish.
 */
export function aggregate(groups: GroupAnswers[], scale: QuestionScale, threshold: number = defaultThreshold): QuestionResult {
  assertThreshold(threshold);
  assertUniqueGroups(groups.map((g) => g.group));
  if (groups.some((g) => g.group === totalGroup)) throw new RangeError(`'${totalGroup}' is reserved for the total`);
  const allowed = new Set(scaleValues(scale));
  for (const { group, values } of groups) {
    const bad = values.find((v) => !allowed.has(v));
    if (bad !== undefined) throw new RangeError(`${group}: ${bad} is not an answer on the ${scale} scale`);
  }
  const hidden = suppress(groups.map(({ group, values }) => ({ group, size: values.length })), threshold);
  const everyone = groups.flatMap((g) => g.values);
  return {
    groups: groups.map(({ group, values }) => summarise(group, values, scale, hidden.get(group))),
    total: summarise(totalGroup, everyone, scale, everyone.length < threshold ? 'small' : undefined),
  };
}

/**
 * Net Promoter Score: % promoters (9-10) minus % detractors (0-6), from -100 to 100. Rounded half
 * away from zero, so a team's score and its mirror image differ only in sign.
 */
export function enps(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('eNPS of no answers is undefined');
  const net = values.reduce((sum, v) => sum + (v >= 9 ? 1 : v <= 6 ? -1 : 0), 0);
  const score = (net * 100) / values.length;
  const rounded = Math.round(Math.abs(score));
  return rounded === 0 ? 0 : Math.sign(score) * rounded;
}

/** Rounded to 2 decimals here, once, so every renderer shows the same figure. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The mean of no answers is undefined');
  const sum = values.reduce((a, b) => a + b, 0);
  return Math.round((sum * 100) / values.length) / 100;
}

/**
 * Invited and answered counts per group. Participation is not an answer, but "2 of 3 answered"
 * in a team of three still points at someone, so it is thresholded on the number invited, with
 * the same complementary suppression as `aggregate` (the round's total is published elsewhere).
 * Hidden groups reveal neither count.
 */
export function participation(rows: ParticipationRow[], threshold: number = defaultThreshold): ParticipationResult[] {
  assertThreshold(threshold);
  assertUniqueGroups(rows.map((r) => r.group));
  for (const { group, invited, answered } of rows) {
    if (!isCount(invited) || !isCount(answered) || answered > invited) {
      throw new RangeError(`${group}: answered (${answered}) and invited (${invited}) must be counts with answered <= invited`);
    }
  }
  const hidden = suppress(rows.map(({ group, invited }) => ({ group, size: invited })), threshold);
  return rows.map(({ group, invited, answered }): ParticipationResult => {
    const reason = hidden.get(group);
    if (reason) return { group, shown: false, hidden: reason };
    return { group, shown: true, invited, answered, rate: answered / invited };
  });
}

/** Which groups to hide and why (rules 1 and 2 of `aggregate`). */
function suppress(sizes: ReadonlyArray<{ group: string; size: number }>, threshold: number): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  let hiddenSize = 0;
  for (const { group, size } of sizes) {
    if (size < threshold) {
      hidden.set(group, 'small');
      hiddenSize += size;
    }
  }
  if (hidden.size === 0) return hidden;
  const shownSmallestFirst = sizes
    .filter(({ group }) => !hidden.has(group))
    .sort((a, b) => a.size - b.size || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  for (const { group, size } of shownSmallestFirst) {
    if (hiddenSize >= threshold) break;
    hidden.set(group, 'complement');
    hiddenSize += size;
  }
  return hidden;
}

function summarise(group: string, values: readonly number[], scale: QuestionScale, hidden: HiddenReason | undefined): GroupResult {
  if (hidden) return { group, shown: false, hidden };
  const distribution: Record<number, number> = {};
  for (const value of scaleValues(scale)) distribution[value] = 0;
  for (const value of values) distribution[value] = (distribution[value] ?? 0) + 1;
  return {
    group,
    shown: true,
    count: values.length,
    mean: mean(values),
    ...(scale === 'enps' ? { enps: enps(values) } : {}),
    distribution,
  };
}

function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < thresholdRange.min || threshold > thresholdRange.max) {
    throw new RangeError(`threshold must be an integer from ${thresholdRange.min} to ${thresholdRange.max}, got ${threshold}`);
  }
}

function assertUniqueGroups(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new RangeError(`Group ${name} appears twice`);
    seen.add(name);
  }
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

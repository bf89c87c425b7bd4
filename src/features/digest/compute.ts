/**
 * The weekly digest, computed from the week's facts: per team and for the whole organisation,
 * the week against the weeks before, and risk flags that say why they were raised. Pure, so the
 * flags are tested one by one; pulse figures keep the anonymity rules (a small group is never
 * shown, nor left computable from the others).
 */
import { enps as enpsOf } from '../pulse/aggregate.ts';
import { disclosure } from '../pulse/disclosure.ts';
import type { PulseRoundFacts } from './repo.ts';

export interface TeamFacts {
  id: string;
  name: string;
  lunch: { invited: number; yes: number } | null;
  /** The four weeks before, for comparison. */
  lunchBefore: { invited: number; yes: number } | null;
  rotations: Array<{ kind: string; learned: string | null; change: string | null }>;
  gatherings: Array<{ title: string; going: number }>;
  /** Closed rounds, newest first. */
  pulse: PulseRoundFacts[];
  suggestions: { made: number; adopted: number; implemented: number; overdue: number };
  kudos: { given: number; received: number };
  unrecognised: string[];
  upcoming: Array<{ when: string; what: 'lunch' | 'rotation' | 'gathering'; title: string }>;
}

export interface PulsePoint {
  closedOn: Date;
  /** Null when the round had too few answers to show. */
  mean: number | null;
  enps: number | null;
  participation: number | null;
}

export interface TeamDigest extends Omit<TeamFacts, 'pulse'> {
  /** Oldest first, each round thresholded on its own. */
  pulse: PulsePoint[];
}

export type FlagKind = 'pulse_falling' | 'pulse_drop' | 'participation_drop' | 'suggestions_overdue' | 'unrecognised';

export interface Flag {
  kind: FlagKind;
  team: string;
  /** The figures that raised it, for the sentence that says why. */
  params: Record<string, string | number>;
}

export interface Digest {
  teams: TeamDigest[];
  flags: Flag[];
  /** The organisation's latest pulse, only when it and the suppression rules allow. */
  orgPulse: { mean: number | null; count: number | null };
}

export interface DigestRules {
  /** A fall of at least this much in one round raises a flag. */
  pulseDropMargin: number;
  /** A participation rate this many points under the weeks before raises a flag. */
  participationDrop: number;
  nudgeWeeks: number;
}

export const defaultRules: DigestRules = { pulseDropMargin: 0.5, participationDrop: 0.2, nudgeWeeks: 3 };

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (n: number) => Math.round(n * 100);

function pulsePoints(rounds: PulseRoundFacts[]): PulsePoint[] {
  return [...rounds].reverse().map((r) => {
    const shown = r.answered >= r.threshold && r.fewest >= r.threshold && r.agree.length > 0;
    return {
      closedOn: r.closesAt,
      mean: shown ? round1(r.agree.reduce((s, v) => s + v, 0) / r.agree.length) : null,
      enps: shown && r.enps.length >= r.threshold ? enpsOf(r.enps) : null,
      participation: r.invited >= r.threshold && r.invited > 0 ? r.answered / r.invited : null,
    };
  });
}

function flagsFor(team: TeamDigest, rules: DigestRules): Flag[] {
  const flags: Flag[] = [];
  const means = team.pulse.map((p) => p.mean).filter((m): m is number => m !== null);
  const last4 = means.slice(-4);
  if (last4.length === 4 && last4[1]! < last4[0]! && last4[2]! < last4[1]! && last4[3]! < last4[2]!) {
    flags.push({ kind: 'pulse_falling', team: team.name, params: { points: last4.map((m) => m.toFixed(1)).join(' → ') } });
  } else if (means.length >= 2 && means.at(-2)! - means.at(-1)! >= rules.pulseDropMargin) {
    flags.push({ kind: 'pulse_drop', team: team.name, params: { from: means.at(-2)!.toFixed(1), to: means.at(-1)!.toFixed(1), by: (means.at(-2)! - means.at(-1)!).toFixed(1) } });
  }
  const rates = team.pulse.map((p) => p.participation).filter((r): r is number => r !== null);
  if (rates.length >= 2) {
    const before = rates.slice(-4, -1);
    const average = before.reduce((s, r) => s + r, 0) / before.length;
    if (average - rates.at(-1)! >= rules.participationDrop) flags.push({ kind: 'participation_drop', team: team.name, params: { what: 'pulse', from: pct(average), to: pct(rates.at(-1)!) } });
  }
  if (team.lunch && team.lunchBefore && team.lunch.invited > 0 && team.lunchBefore.invited > 0) {
    const now = team.lunch.yes / team.lunch.invited;
    const before = team.lunchBefore.yes / team.lunchBefore.invited;
    if (before - now >= rules.participationDrop) flags.push({ kind: 'participation_drop', team: team.name, params: { what: 'lunch', from: pct(before), to: pct(now) } });
  }
  if (team.suggestions.overdue > 0) flags.push({ kind: 'suggestions_overdue', team: team.name, params: { count: team.suggestions.overdue } });
  if (team.kudos.received === 0 && team.unrecognised.length > 0) flags.push({ kind: 'unrecognised', team: team.name, params: { count: team.unrecognised.length, weeks: rules.nudgeWeeks } });
  return flags;
}

export function computeDigest(facts: TeamFacts[], rules: DigestRules = defaultRules, everyLatest: PulseRoundFacts[] = facts.flatMap((f) => f.pulse.slice(0, 1))): Digest {
  const teams = facts.map((f): TeamDigest => ({ ...f, pulse: pulsePoints(f.pulse) }));
  // What may be shown is decided over every team's latest round, whatever this digest covers,
  // so that no two views (the organisation's, one team's) can be subtracted from each other.
  const allowed = disclosure(everyLatest.map((r) => ({ teamId: r.teamId, threshold: r.threshold, people: Math.min(r.answered, r.fewest) })));
  for (const team of teams) {
    const point = team.pulse.at(-1);
    if (point && !allowed.shown.has(team.id)) Object.assign(point, { mean: null, enps: null });
  }
  const wholeOrganisation = new Set(facts.map((f) => f.id)).size >= new Set(everyLatest.map((r) => r.teamId)).size && facts.length > 1;
  const latest = facts.filter((f) => f.pulse[0]);
  const values = latest.flatMap((f) => f.pulse[0]!.agree);
  const orgPulse = allowed.totalShown && wholeOrganisation && values.length > 0
    ? { mean: round1(values.reduce((s, v) => s + v, 0) / values.length), count: latest.reduce((s, f) => s + f.pulse[0]!.answered, 0) }
    : { mean: null, count: null };
  return { teams, flags: teams.flatMap((t) => flagsFor(t, rules)), orgPulse };
}

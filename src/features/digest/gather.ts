/** Collects a digest's facts for some teams and a week, from the database's counts. */
import { DateTime } from 'luxon';
import type { Team } from '../../core/domain.ts';
import type { TeamFacts } from './compute.ts';
import type { DigestSource, PulseRoundFacts } from './repo.ts';

export interface DigestWeek {
  /** The past week, Monday to Monday in the reader's zone. */
  from: DateTime;
  to: DateTime;
  /** Label, e.g. 2026-11-23 – 2026-11-29. */
  label: string;
}

/** The week before the one `now` falls in, in `zone`. */
export function pastWeek(now: Date, zone: string): DigestWeek {
  const to = DateTime.fromJSDate(now, { zone }).startOf('week');
  const from = to.minus({ weeks: 1 });
  return { from, to, label: `${from.toISODate()} – ${to.minus({ days: 1 }).toISODate()}` };
}

/** The facts of these teams, and every team's latest pulse round (for what may be shown). */
export async function gatherFacts(source: DigestSource, orgId: string, teams: Team[], week: DigestWeek, now: Date, nudgeWeeks: number): Promise<{ facts: TeamFacts[]; everyLatest: PulseRoundFacts[] }> {
  const w = { from: week.from.toJSDate(), to: week.to.toJSDate() };
  const before = { from: week.from.minus({ weeks: 4 }).toJSDate(), to: w.from };
  const coming = { from: now, to: new Date(now.getTime() + 7 * 86_400_000) };
  const comingDates = [DateTime.fromJSDate(coming.from).toISODate()!, DateTime.fromJSDate(coming.to).toISODate()!] as const;
  const [lunches, lunchesBefore, rotations, gatherings, pulse, suggestions, kudos, unrecognised, upcoming] = await Promise.all([
    source.lunches(orgId, w),
    source.lunches(orgId, before),
    source.rotations(orgId, week.from.toISODate()!, week.to.toISODate()!),
    source.gatherings(orgId, w),
    source.pulseRounds(orgId, w.to, 5),
    source.suggestions(orgId, w, week.to.toISODate()!),
    source.kudos(orgId, w),
    source.unrecognised(orgId, week.to.minus({ weeks: nudgeWeeks }).toJSDate()),
    source.upcoming(orgId, coming, comingDates[0], comingDates[1]),
  ]);
  const latestByTeam = new Map<string, PulseRoundFacts>();
  for (const round of pulse) if (!latestByTeam.has(round.teamId)) latestByTeam.set(round.teamId, round);
  const facts = teams.map((team) => ({
    id: team.id,
    name: team.name,
    lunch: lunches.find((l) => l.teamId === team.id) ?? null,
    lunchBefore: lunchesBefore.find((l) => l.teamId === team.id) ?? null,
    rotations: rotations.filter((r) => r.teamId === team.id),
    gatherings: gatherings.filter((g) => g.teamId === team.id),
    pulse: pulse.filter((p) => p.teamId === team.id),
    suggestions: suggestions.find((s) => s.teamId === team.id) ?? { made: 0, adopted: 0, implemented: 0, overdue: 0 },
    kudos: { given: kudos.given.get(team.id) ?? 0, received: kudos.received.get(team.id) ?? 0 },
    unrecognised: unrecognised.filter((u) => u.teamId === team.id).map((u) => u.name),
    upcoming: upcoming.filter((u) => u.teamId === team.id || u.teamId === null),
  }));
  return { facts, everyLatest: [...latestByTeam.values()] };
}

/** The quarter's funnel of some teams, from the per-team counts. */
export function funnelOf(rows: Awaited<ReturnType<DigestSource['funnels']>>, teamIds: string[]): { made: number; adopted: number; implemented: number } {
  const mine = rows.filter((r) => r.teamId !== null && teamIds.includes(r.teamId));
  const sum = (key: 'made' | 'adopted' | 'implemented') => mine.reduce((s, r) => s + r[key], 0);
  return { made: sum('made'), adopted: sum('adopted'), implemented: sum('implemented') };
}

/** Gathers the facts of some teams for a week: what one digest scope is computed from. */
export type FactsFor = (teams: Team[], week: DigestWeek) => Promise<{ facts: TeamFacts[]; everyLatest: PulseRoundFacts[] }>;

/**
 * Monday's run computes a digest for the whole organisation and one for each supervisor's team,
 * all of the same week. Every fact is counted organisation-wide anyway (the pulse disclosure is
 * decided over every team), so the week is gathered once for all teams and each scope takes its
 * own teams' share: one set of queries for the run, not one per team.
 */
export function createSharedFacts(source: DigestSource, orgId: string, allTeams: Team[], now: Date, nudgeWeeks: number): FactsFor {
  const weeks = new Map<string, ReturnType<typeof gatherFacts>>();
  return async (teams, week) => {
    const key = week.from.toISO()!;
    if (!weeks.has(key)) weeks.set(key, gatherFacts(source, orgId, allTeams, week, now, nudgeWeeks));
    const { facts, everyLatest } = await weeks.get(key)!;
    const byId = new Map(facts.map((f) => [f.id, f]));
    if (teams.every((team) => byId.has(team.id))) return { facts: teams.map((team) => byId.get(team.id)!), everyLatest };
    // A team added since the run began is gathered on its own.
    return gatherFacts(source, orgId, teams, week, now, nudgeWeeks);
  };
}

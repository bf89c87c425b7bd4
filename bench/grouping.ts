/**
 * Lunch grouping benchmark: is formGroups fast enough for a 10,000-seat centre, and does it
 * actually introduce people to new colleagues compared with drawing names from a hat?
 * Prints a table and writes bench/results/grouping.json. Run with `npx tsx bench/grouping.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { countRepeats, formGroups, randomGroups, type GroupingInput, type GroupingResult, type LunchPerson } from '../src/features/lunch/grouping.ts';

type Grouper = (input: GroupingInput) => GroupingResult;

const GROUP_SIZE = 4;
/** "Recently" for the recent repeat rate: the previous this-many rounds (two months of fortnights). */
const RECENT_ROUNDS = 4;
/** The new-pair rate is averaged over rounds 2..this (the first half year). */
const NEW_PAIR_LAST_ROUND = 13;

/** A centre with managers spread through the id range, as a roster import would give. */
function centre(size: number, managers: number): LunchPerson[] {
  return Array.from({ length: size }, (_, i) => ({ id: `U${String(i).padStart(6, '0')}`, manager: (i * managers) % size < managers }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function pairCount(groups: string[][]): number {
  return groups.reduce((sum, group) => sum + (group.length * (group.length - 1)) / 2, 0);
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function speed() {
  const people = centre(10_000, 1_000);
  const avoid: Array<[string, string]> = Array.from({ length: 100 }, (_, i) => [people[i * 97]!.id, people[i * 97 + 13]!.id]);
  const history: string[][][] = [];
  for (let round = 0; round < 12; round += 1) {
    history.unshift(formGroups({ people, groupSize: GROUP_SIZE, history, avoid, seed: `history-${round}` }).groups);
  }
  const input: GroupingInput = { people, groupSize: GROUP_SIZE, history, avoid, seed: 'next-round' };
  formGroups(input);
  const times: number[] = [];
  let result: GroupingResult | undefined;
  for (let run = 0; run < 7; run += 1) {
    const start = performance.now();
    result = formGroups(input);
    times.push(performance.now() - start);
  }
  return {
    people: people.length,
    managers: 1_000,
    groupSize: GROUP_SIZE,
    historyRounds: history.length,
    avoidPairs: avoid.length,
    runs: times.length,
    medianMs: Number(median(times).toFixed(1)),
    maxMs: Number(Math.max(...times).toFixed(1)),
    rssMb: Number((process.memoryUsage().rss / 2 ** 20).toFixed(1)),
    groups: result?.groups.length ?? 0,
    repeats: result?.repeats ?? 0,
    avoidViolations: result?.avoidViolations ?? 0,
  };
}

/** One year of fortnightly lunches where each round sees only the history its own grouper made. */
function year(group: Grouper) {
  const people = centre(60, 8);
  const managers = people.filter((p) => p.manager).map((p) => p.id);
  const agents = people.filter((p) => !p.manager).map((p) => p.id);
  const history: string[][][] = [];
  const rates: number[] = [];
  const recentRates: number[] = [];
  const newPairRates: number[] = [];
  const met = new Set<string>();
  let managersMetEveryAgentInRound: number | null = null;
  for (let round = 1; round <= 26; round += 1) {
    const { groups } = group({ people, groupSize: GROUP_SIZE, history, avoid: [], seed: `fortnight-${round}` });
    if (round >= 2) {
      const pairs = pairCount(groups);
      const repeatShare = countRepeats(groups, history) / pairs;
      rates.push(repeatShare);
      recentRates.push(countRepeats(groups, history.slice(0, RECENT_ROUNDS)) / pairs);
      if (round <= NEW_PAIR_LAST_ROUND) newPairRates.push(1 - repeatShare);
    }
    history.unshift(groups);
    for (const g of groups) for (const a of g) for (const b of g) met.add(`${a} ${b}`);
    const mixed = managers.reduce((sum, m) => sum + agents.filter((a) => met.has(`${m} ${a}`)).length, 0);
    if (mixed === managers.length * agents.length) managersMetEveryAgentInRound ??= round;
  }
  const mixedMet = managers.reduce((sum, m) => sum + agents.filter((a) => met.has(`${m} ${a}`)).length, 0);
  return {
    /** Share of a round's pairs that met in ANY earlier round, rounds 2..26 (saturates: by round ~10 nearly everyone has met). */
    repeatRate: Number(mean(rates).toFixed(4)),
    /** Share of a round's pairs that were together within the previous RECENT_ROUNDS rounds, rounds 2..26. */
    recentRepeatRate: Number(mean(recentRates).toFixed(4)),
    /** Share of a round's pairs meeting for the first time, rounds 2..NEW_PAIR_LAST_ROUND. */
    newPairRate: Number(mean(newPairRates).toFixed(4)),
    managerAgentMetShare: Number((mixedMet / (managers.length * agents.length)).toFixed(4)),
    managersMetEveryAgentInRound,
  };
}

const speedResult = speed();
const quality = { people: 60, managers: 8, groupSize: GROUP_SIZE, rounds: 26, recentRounds: RECENT_ROUNDS, newPairRounds: `2-${NEW_PAIR_LAST_ROUND}`, formGroups: year(formGroups), randomGroups: year(randomGroups) };
const machine = { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}` };

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
console.log(`Lunch grouping benchmark (${machine.node}, ${machine.cpus} x ${machine.cpu})\n`);
console.log(`Speed: ${speedResult.people} people, ${speedResult.managers} managers, size ${GROUP_SIZE}, ${speedResult.historyRounds} rounds of history, ${speedResult.avoidPairs} avoid pairs`);
console.log(`  median ${speedResult.medianMs} ms   max ${speedResult.maxMs} ms   RSS ${speedResult.rssMb} MB   (${speedResult.groups} groups, ${speedResult.repeats} repeats, ${speedResult.avoidViolations} avoid violations)\n`);
console.log(`Quality: ${quality.people} people, ${quality.managers} managers, size ${GROUP_SIZE}, ${quality.rounds} fortnightly rounds`);
const columns = [
  `met in last ${RECENT_ROUNDS} rounds`,
  `new pairs (2-${NEW_PAIR_LAST_ROUND})`,
  'met ever before',
  'mgr-agent pairs met',
  'all met by round',
];
console.log(`  ${'grouper'.padEnd(14)} ${columns.join('   ')}`);
for (const name of ['formGroups', 'randomGroups'] as const) {
  const q = quality[name];
  const cells = [pct(q.recentRepeatRate), pct(q.newPairRate), pct(q.repeatRate), pct(q.managerAgentMetShare), String(q.managersMetEveryAgentInRound ?? 'never')];
  console.log(`  ${name.padEnd(14)} ${cells.map((cell, i) => cell.padStart(columns[i]!.length)).join('   ')}`);
}
console.log(`  (rates are per-round shares of pairs in the round's groups, averaged over rounds 2-${quality.rounds} unless noted)`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'grouping.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ machine, speed: speedResult, quality }, null, 2)}\n`);
console.log(`\nWrote ${path.relative(process.cwd(), out)}`);

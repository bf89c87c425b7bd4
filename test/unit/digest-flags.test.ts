import { describe, expect, it } from 'vitest';
import { computeDigest, type TeamFacts } from '../../src/features/digest/compute.ts';
import type { PulseRoundFacts } from '../../src/features/digest/repo.ts';

/** 1–5 answers with this mean (to a tenth): tenths of them one higher than the rest. */
function answersWithMean(mean: number, count: number): number[] {
  const low = Math.floor(mean);
  const high = Math.round((mean - low) * count);
  return Array.from({ length: count }, (_, i) => (i < high ? low + 1 : low));
}

/** Closed rounds, newest first, with these means, `answered` of `invited` people, two questions each. */
function rounds(teamId: string, means: number[], answered = 10, invited = 12): PulseRoundFacts[] {
  return means.map((mean, i) => ({
    teamId, closesAt: new Date(Date.UTC(2026, 10, 27 - 7 * i)), invited, answered, threshold: 5,
    agree: answersWithMean(mean, answered * 2), enps: [], fewest: answered,
  }));
}

function team(id: string, extra: Partial<TeamFacts> = {}): TeamFacts {
  return {
    id, name: id, lunch: null, lunchBefore: null, rotations: [], gatherings: [], pulse: rounds(id, [4, 4, 4, 4]),
    suggestions: { made: 0, adopted: 0, implemented: 0, overdue: 0 }, kudos: { given: 2, received: 2 }, unrecognised: [], upcoming: [], ...extra,
  };
}

const flagsOf = (facts: TeamFacts[]) => computeDigest(facts).flags.map((f) => [f.kind, f.team, f.params]);

describe('the digest’s risk flags', () => {
  it('raises none for a steady team', () => {
    expect(flagsOf([team('Steady')])).toEqual([]);
  });

  it('flags a pulse that fell three rounds in a row, saying the figures', () => {
    expect(flagsOf([team('Falling', { pulse: rounds('Falling', [3.2, 3.6, 3.9, 4.1]) })])).toEqual([
      ['pulse_falling', 'Falling', { points: '4.1 → 3.9 → 3.6 → 3.2' }],
    ]);
  });

  it('flags a single drop of half a point or more, but not a small dip', () => {
    expect(flagsOf([team('Dropped', { pulse: rounds('Dropped', [3.3, 4, 4, 4]) })])).toEqual([['pulse_drop', 'Dropped', { from: '4.0', to: '3.3', by: '0.7' }]]);
    expect(flagsOf([team('Dip', { pulse: rounds('Dip', [3.8, 4, 4, 4]) })])).toEqual([]);
  });

  it('flags participation falling, in the pulse and at lunches', () => {
    const pulse = [...rounds('Quiet', [4], 5, 12), ...rounds('Quiet', [4, 4, 4], 11, 12).slice(1)];
    expect(flagsOf([team('Quiet', { pulse })])).toEqual([['participation_drop', 'Quiet', { what: 'pulse', from: 92, to: 42 }]]);
    expect(flagsOf([team('Lunchless', { lunch: { invited: 10, yes: 3 }, lunchBefore: { invited: 40, yes: 30 } })])).toEqual([['participation_drop', 'Lunchless', { what: 'lunch', from: 75, to: 30 }]]);
  });

  it('flags overdue suggestions and a team nobody recognised', () => {
    expect(flagsOf([team('Late', { suggestions: { made: 1, adopted: 0, implemented: 0, overdue: 2 } })])).toEqual([['suggestions_overdue', 'Late', { count: 2 }]]);
    expect(flagsOf([team('Unthanked', { kudos: { given: 3, received: 0 }, unrecognised: ['A', 'B'] })])).toEqual([['unrecognised', 'Unthanked', { count: 2, weeks: 3 }]]);
  });

  it('never shows a small team, nor lets the total give it away', () => {
    const digest = computeDigest([
      team('Big', { pulse: rounds('Big', [4], 20, 25) }),
      team('Middle', { pulse: rounds('Middle', [3], 8, 10) }),
      team('Small', { pulse: rounds('Small', [1], 4, 10) }),
    ]);
    const latest = (name: string) => digest.teams.find((t) => t.name === name)!.pulse.at(-1)!.mean;
    expect(latest('Small')).toBeNull();
    // Middle is hidden with it, so total − Big gives only Small and Middle together.
    expect(latest('Middle')).toBeNull();
    expect(latest('Big')).toBe(4);
    expect(digest.orgPulse).toEqual({ mean: 3.4, count: 32 });
  });
});

describe('the digest in chat', () => {
  it('leads with the flags, says the quarter’s adoption rate, and points long digests to the page', async () => {
    const { digestMessage } = await import('../../src/features/digest/render.ts');
    const { renderBlocks } = await import('../../adapters/slack/render.ts');
    const { translatorFor } = await import('../../src/core/i18n/index.ts');
    const many = Array.from({ length: 40 }, (_, i) => team(`Team ${String(i).padStart(2, '0')}`, i === 3 ? { suggestions: { made: 0, adopted: 0, implemented: 0, overdue: 1 } } : {}));
    const message = digestMessage(translatorFor('en'), computeDigest(many), 'Weekly digest', 'https://hearth.example.com/digest?x=1', { made: 12, adopted: 4, implemented: 2 });
    expect(message.text.split('\n').slice(0, 2)).toEqual(['Weekly digest', '⚠️ *Team 03*: 1 adopted suggestion is past its due date.']);
    expect(message.text).toContain('Suggestions this quarter: 12 made, 4 adopted (33%), 2 implemented.');
    const blocks = renderBlocks(message);
    expect(blocks).toHaveLength(50);
    expect(JSON.stringify(blocks.at(-1))).toContain('<https://hearth.example.com/digest?x=1|read the whole message>');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { questionBank, questionById, questionsForRound, scaleLabels, scaleValues, type Topic } from '../../src/features/pulse/questions.ts';

const rotating: Topic[] = ['workload', 'heard', 'support', 'pride', 'stay'];
const topicsOf = (round: number, count: number) => new Set(questionsForRound(round, count).map((q) => q.topic).filter((t) => t !== 'enps'));
const round = fc.nat(10_000);
const count = fc.integer({ min: 1, max: 6 });

describe('question bank', () => {
  it('asks two or three questions on every rotating topic, rated agree5, and exactly one eNPS question on 0-10', () => {
    for (const topic of rotating) {
      const own = questionBank.filter((q) => q.topic === topic);
      expect(own.length, topic).toBeGreaterThanOrEqual(2);
      expect(own.length, topic).toBeLessThanOrEqual(3);
      expect(own.every((q) => q.scale === 'agree5')).toBe(true);
    }
    const enps = questionBank.filter((q) => q.topic === 'enps');
    expect(enps).toHaveLength(1);
    expect(enps[0]).toMatchObject({ scale: 'enps', text: { en: 'How likely are you to recommend working here to a friend?' } });
    expect(questionBank.length).toBeGreaterThanOrEqual(12);
    expect(questionBank.length).toBeLessThanOrEqual(16);
  });

  it('has unique ids named after their topic', () => {
    const ids = questionBank.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of questionBank) expect(q.id).toMatch(new RegExp(`^${q.topic}-\\d+$`));
  });

  it('has wording in English and in Simplified Chinese for every question', () => {
    for (const q of questionBank) {
      expect(q.text.en.trim(), q.id).not.toBe('');
      expect(q.text['zh-CN'].trim(), q.id).not.toBe('');
      expect(q.text.en, q.id).not.toMatch(/\p{Script=Han}/u);
      expect(q.text['zh-CN'], q.id).toMatch(/\p{Script=Han}/u);
      expect(q.text['zh-CN'], q.id).not.toBe(q.text.en);
    }
  });

  it('finds a question by id, and nothing for an id it never had', () => {
    for (const q of questionBank) expect(questionById(q.id)).toBe(q);
    expect(questionById('enps-1')?.scale).toBe('enps');
    expect(questionById('workload-99')).toBeUndefined();
  });
});

describe('questionsForRound', () => {
  it('is deterministic, asks exactly `count` distinct questions, and includes eNPS exactly when the round is a multiple of 4', () => {
    fc.assert(fc.property(round, count, (r, n) => {
      const questions = questionsForRound(r, n);
      expect(questionsForRound(r, n)).toEqual(questions);
      expect(questions).toHaveLength(n);
      expect(new Set(questions.map((q) => q.id)).size).toBe(n);
      expect(questions.some((q) => q.topic === 'enps')).toBe(r % 4 === 0);
    }));
  });

  it('asks only eNPS in a monthly round of one question, and eNPS last in a longer one', () => {
    expect(questionsForRound(0, 1).map((q) => q.id)).toEqual(['enps-1']);
    const topics = questionsForRound(8, 3).map((q) => q.topic);
    expect(topics.at(-1)).toBe('enps');
    expect(topics.slice(0, -1)).not.toContain('enps');
  });

  it('starts the first weekly rounds of three at the top of the cycle and carries on where each stopped', () => {
    expect(questionsForRound(0, 3).map((q) => q.id)).toEqual(['workload-1', 'heard-1', 'enps-1']);
    expect(questionsForRound(1, 3).map((q) => q.id)).toEqual(['support-1', 'pride-1', 'stay-1']);
    expect(questionsForRound(2, 3).map((q) => q.id)).toEqual(['workload-2', 'heard-2', 'support-2']);
  });

  it('moves on between consecutive rounds: they share a topic only when together they ask more than five', () => {
    fc.assert(fc.property(round, count, (r, n) => {
      const slots = (i: number) => questionsForRound(i, n).filter((q) => q.topic !== 'enps').length;
      const union = new Set([...topicsOf(r, n), ...topicsOf(r + 1, n)]);
      expect(union.size).toBe(Math.min(5, slots(r) + slots(r + 1)));
    }));
  });

  it('covers every topic, eNPS included, within any seven consecutive rounds', () => {
    fc.assert(fc.property(round, count, (start, n) => {
      const seen = new Set<Topic>();
      for (let r = start; r < start + 7; r += 1) for (const q of questionsForRound(r, n)) seen.add(q.topic);
      expect([...seen].sort()).toEqual([...rotating, 'enps'].sort());
    }));
  });

  it('gets round to every question in the bank, not just the first of each topic', () => {
    for (let n = 1; n <= 6; n += 1) {
      const asked = new Set(Array.from({ length: 40 }, (_, r) => questionsForRound(r, n).map((q) => q.id)).flat());
      expect(asked.size, `count ${n}`).toBe(questionBank.length);
    }
  });

  it.each([
    [-1, 3], [1.5, 3], [Number.NaN, 3], [0, 0], [0, 7], [0, 2.5],
  ])('refuses round %s with count %s', (r, n) => {
    expect(() => questionsForRound(r, n)).toThrow(RangeError);
  });
});

describe('scaleLabels', () => {
  it.each(['en', 'zh-CN'] as const)('labels agree5 1..5 in %s, each label starting with its number', (locale) => {
    const labels = scaleLabels('agree5', locale);
    expect(labels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    for (const { value, label } of labels) expect(label).toMatch(new RegExp(`^${value} \\S`));
    expect(new Set(labels.map((l) => l.label)).size).toBe(5);
  });

  it('words the agree5 ends in each language', () => {
    expect(scaleLabels('agree5', 'en').map((l) => l.label)).toEqual(['1 Strongly disagree', '2 Disagree', '3 Neutral', '4 Agree', '5 Strongly agree']);
    expect(scaleLabels('agree5', 'zh-CN').map((l) => l.label)).toEqual(['1 非常不同意', '2 不同意', '3 中立', '4 同意', '5 非常同意']);
  });

  it.each(['en', 'zh-CN'] as const)('labels eNPS 0..10 with plain numbers in %s', (locale) => {
    const labels = scaleLabels('enps', locale);
    expect(labels).toHaveLength(11);
    expect(labels).toEqual(Array.from({ length: 11 }, (_, i) => ({ value: i, label: String(i) })));
  });

  it('offers exactly the values the scale allows', () => {
    expect(scaleLabels('agree5', 'en').map((l) => l.value)).toEqual(scaleValues('agree5'));
    expect(scaleLabels('enps', 'en').map((l) => l.value)).toEqual(scaleValues('enps'));
  });
});

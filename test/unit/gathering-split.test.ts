import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, isCurrency, minorDigits, parseAmount, settlements, splitBill } from '../../src/features/gathering/split.ts';

const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 30 });
const total = fc.integer({ min: 0, max: 10_000_000_000 });
const asMap = (shares: Array<{ id: string; share: number }>) => new Map(shares.map((s) => [s.id, s.share]));

describe('currencies', () => {
  it('knows how many minor digits a currency has', () => {
    expect(['USD', 'JPY', 'CNY', 'KWD'].map(minorDigits)).toEqual([2, 0, 2, 3]);
    expect(() => minorDigits('XYZ')).toThrow(RangeError);
  });

  it('accepts only ISO 4217 codes Intl knows, in capitals', () => {
    expect(['USD', 'CNY', 'EUR'].every(isCurrency)).toBe(true);
    expect(['usd', 'XYZ', 'US', '', 'DOLLAR'].some(isCurrency)).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1234.50', 'USD', 123450],
    ['1,234.50', 'USD', 123450],
    ['1234,5', 'EUR', 123450],
    ['12,50', 'EUR', 1250],
    ['¥1,234', 'JPY', 1234],
    ['¥1,234', 'CNY', 123400],
    ['$12', 'USD', 1200],
    ['１２３４.５', 'CNY', 123450],
    ['￥１，２３４．５', 'CNY', 123450],
    ['USD 12', 'USD', 1200],
    ['12 usd', 'USD', 1200],
    ['12€', 'EUR', 1200],
    ['  7 ', 'USD', 700],
    ['0.01', 'USD', 1],
    ['1,234', 'KWD', 1234000],
    ['1.5', 'KWD', 1500],
    ['10,000,000.00', 'USD', 1_000_000_000],
    ['1,234,567', 'JPY', 1234567],
  ])('reads %s in %s as %i minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([
    ['-12', 'USD'],
    ['$-12', 'USD'],
    ['+12', 'USD'],
    ['0', 'USD'],
    ['0.00', 'USD'],
    ['', 'USD'],
    ['abc', 'USD'],
    ['NaN', 'USD'],
    ['Infinity', 'USD'],
    ['1e3', 'USD'],
    ['12.5', 'JPY'],
    ['12.0', 'JPY'],
    ['1234,5', 'JPY'],
    ['12.345', 'USD'],
    ['10000000.01', 'USD'],
    ['123456789', 'USD'],
    ['1.234,56', 'EUR'],
    ['1,2345', 'USD'],
    ['12,34,567', 'INR'],
    ['12.', 'USD'],
    ['.5', 'USD'],
    ['1 234', 'USD'],
    ['$$12', 'USD'],
    ['$12$', 'USD'],
    ['12 EUR', 'USD'],
    ['12', 'XYZ'],
  ])('refuses %s in %s', (text, currency) => {
    expect(parseAmount(text, currency)).toBeNull();
  });

  it('reads back what formatMoney writes, for any amount up to the limit', () => {
    const amount = fc
      .constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD')
      .chain((code) => fc.tuple(fc.constant(code), fc.integer({ min: 1, max: 10_000_000 * 10 ** minorDigits(code) })));
    fc.assert(
      fc.property(amount, ([code, minor]) => {
        expect(parseAmount(formatMoney(minor, code, 'en'), code)).toBe(minor);
      }),
    );
  });
});

describe('splitBill', () => {
  it('splits evenly and hands the remainder out one unit at a time', () => {
    const shares = splitBill(1000, ['U00ANA', 'U00BO', 'U00CY'], 'lunch-1');
    expect(shares.map((s) => s.id)).toEqual(['U00ANA', 'U00BO', 'U00CY']);
    expect(shares.map((s) => s.share).sort()).toEqual([333, 333, 334]);
  });

  it('gives one person the whole bill and leaves nothing to settle', () => {
    const shares = splitBill(8800, ['U00PAYER'], 'seed');
    expect(shares).toEqual([{ id: 'U00PAYER', share: 8800 }]);
    expect(settlements(shares, 'U00PAYER')).toEqual([]);
  });

  it('refuses a split with nobody, someone twice, or a bill that is not whole minor units', () => {
    expect(() => splitBill(100, [], 's')).toThrow(RangeError);
    expect(() => splitBill(100, ['U00A', 'U00A'], 's')).toThrow(RangeError);
    expect(() => splitBill(-1, ['U00A'], 's')).toThrow(RangeError);
    expect(() => splitBill(10.5, ['U00A'], 's')).toThrow(RangeError);
  });

  it('sums exactly to the total, with shares at most one unit apart', () => {
    fc.assert(
      fc.property(total, ids, fc.string(), (bill, people, seed) => {
        const shares = splitBill(bill, people, seed).map((s) => s.share);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(bill);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
      }),
    );
  });

  it('gives each person the same share for the same seed, whatever order they are listed in', () => {
    fc.assert(
      fc.property(total, ids, fc.string(), (bill, people, seed) => {
        const shares = asMap(splitBill(bill, people, seed));
        expect(asMap(splitBill(bill, [...people].reverse(), seed))).toEqual(shares);
        expect(asMap(splitBill(bill, [...people].sort(), seed))).toEqual(shares);
      }),
    );
  });

  it('does not always charge the extra unit to the same person', () => {
    const people = ['U00ANA', 'U00BO', 'U00CY', 'U00DEE'];
    const extra = new Set(Array.from({ length: 40 }, (_, i) => splitBill(401, people, `lunch-${i}`).find((s) => s.share === 101)!.id));
    expect(extra.size).toBeGreaterThan(2);
  });
});

describe('settlements', () => {
  it('has everyone but the payer owe the payer their share, and skips shares of zero', () => {
    const shares = [
      { id: 'U00ANA', share: 1 },
      { id: 'U00BO', share: 0 },
      { id: 'U00PAYER', share: 1 },
    ];
    expect(settlements(shares, 'U00PAYER')).toEqual([{ from: 'U00ANA', to: 'U00PAYER', amount: 1 }]);
  });

  it('leaves out the payer and adds up to the bill less the payer’s share', () => {
    fc.assert(
      fc.property(total, ids, fc.string(), fc.nat(), (bill, people, seed, pick) => {
        const payer = people[pick % people.length]!;
        const shares = splitBill(bill, people, seed);
        const owed = settlements(shares, payer);
        expect(owed.every((o) => o.from !== payer && o.to === payer && o.amount > 0)).toBe(true);
        expect(owed.reduce((sum, o) => sum + o.amount, 0)).toBe(bill - asMap(shares).get(payer)!);
      }),
    );
  });

  it('has everyone owe the whole bill to a payer who was only treating them', () => {
    const owed = settlements(splitBill(900, ['U00ANA', 'U00BO'], 's'), 'U00BOSS');
    expect(owed.reduce((sum, o) => sum + o.amount, 0)).toBe(900);
  });
});

describe('formatMoney', () => {
  it.each([
    [123450, 'CNY', 'zh-CN', '¥1,234.50'],
    [123450, 'USD', 'en', '$1,234.50'],
    [1234, 'JPY', 'ja', '￥1,234'],
    [123450, 'EUR', 'de', '1.234,50\u00a0€'],
    [1234, 'KWD', 'en', 'KWD\u00a01.234'],
    [5, 'USD', 'en', '$0.05'],
  ])('writes %i %s in %s as %s', (minor, currency, locale, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text);
  });
});

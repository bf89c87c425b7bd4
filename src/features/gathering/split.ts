/**
 * Go-Dutch bills for team gatherings: read the amount someone typed, split it evenly to the
 * minor unit, and say who owes the payer what. Money is integer minor units throughout (cents,
 * fen, yen), so shares always add up to the bill; only `formatMoney` turns them back into text.
 */
import { createHash } from 'node:crypto';

const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** The most anyone splits at a gathering; anything larger is a typo or a pasted account number. */
const maxMajorUnits = 10_000_000;

/** A valid ISO 4217 code known to Intl, in capitals as stored (callers upper-case what users type). */
export function isCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

/**
 * Digits after the decimal point for an ISO 4217 currency (USD 2, JPY 0, CNY 2, KWD 3), from
 * Intl so it matches what `formatMoney` shows. Intl follows CLDR, which gives 0 for a few
 * currencies ISO lists with 2 (HUF, IDR, COP …) because nobody pays in their minor unit.
 */
export function minorDigits(currency: string): number {
  if (!isCurrency(currency)) throw new RangeError(`Not an ISO 4217 currency known to Intl: ${currency}`);
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `1,234,567.89` or `1234567.89`: a dot is always the decimal point, commas group thousands. */
const dotDecimal = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
/** `1234,5` or `12,50`: a single comma before one or two final digits is a decimal comma. */
const commaDecimal = /^(\d+),(\d{1,2})$/;

/**
 * What a person typed as a bill => integer minor units, or null when it is not a positive amount
 * this currency can hold. Accepted: `1234.50`, `1,234.50`, `1234,5`, `¥1,234`, `$12`, `USD 12`,
 * `１２３４.５` (full-width digits and punctuation from Chinese and Japanese input methods are
 * folded with NFKC). One currency sign or the currency's own code may come before or after the
 * number; the sign is not checked against the currency because `$` and `¥` are shared by several.
 *
 * The comma rule: a dot is always the decimal point and any commas must then group thousands
 * (`1,234.5`). Without a dot, a single comma followed by exactly one or two digits is a decimal
 * comma (`1234,5`, `12,50`); otherwise commas must group thousands (`1,234`, `12,345,678`). So
 * `1,234` is one thousand two hundred and thirty-four even in KWD, and forms that could be
 * misread, such as `1.234,56`, `1,2345` or `12,34,567`, are refused rather than guessed.
 *
 * Null too for negative, zero, more decimals than the currency allows (`12.5` or even `12.0` in
 * JPY), over 10,000,000 major units, an unknown currency, or anything else.
 */
export function parseAmount(text: string, currency: string): number | null {
  if (!isCurrency(currency)) return null;
  const number = stripCurrency(text.normalize('NFKC').trim(), currency);
  const match = commaDecimal.exec(number) ?? dotDecimal.exec(number);
  if (!match) return null;
  const whole = match[1]!.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  const digits = minorDigits(currency);
  if (fraction.length > digits || whole.length > String(maxMajorUnits).length) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0'));
  return minor > 0 && minor <= maxMajorUnits * 10 ** digits ? minor : null;
}

/** The number with one currency sign or the currency's own code taken off its front or back. */
function stripCurrency(text: string, currency: string): string {
  const marker = `(?:\\p{Sc}|${currency})`;
  const leading = new RegExp(`^${marker}\\s*`, 'iu');
  return leading.test(text) ? text.replace(leading, '') : text.replace(new RegExp(`\\s*${marker}$`, 'iu'), '');
}

/** A stable pseudo-random rank, so the extra cent does not always land on the same person. */
function rank(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/**
 * Even split to the minor unit. The remainder (total mod n) goes one unit each to the first
 * people in an order set by a hash of seed and id, not by name or rank, so nobody is always the
 * one paying the extra cent and the result does not depend on the order people joined. Shares
 * sum exactly to the total and differ by at most one minor unit; they come back in input order.
 */
export function splitBill(totalMinor: number, people: string[], seed: string): Array<{ id: string; share: number }> {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) throw new RangeError(`Not an amount in minor units: ${totalMinor}`);
  if (people.length === 0) throw new RangeError('Nobody to split the bill between');
  if (new Set(people).size !== people.length) throw new RangeError('Someone is listed twice in the split');
  const base = Math.floor(totalMinor / people.length);
  const extra = new Set(
    people
      .map((id) => ({ id, key: rank(seed, id) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, totalMinor % people.length)
      .map((p) => p.id),
  );
  return people.map((id) => ({ id, share: base + (extra.has(id) ? 1 : 0) }));
}

/**
 * Who owes whom: everyone except the payer owes the payer their share (the payer's own share is
 * settled by paying). A zero share (a bill smaller than the head count) owes nothing and is left
 * out rather than sending someone a request for 0. A payer who is not among the shares was
 * treating the others, who then owe the whole bill.
 */
export function settlements(shares: Array<{ id: string; share: number }>, payerId: string): Array<{ from: string; to: string; amount: number }> {
  return shares.filter((s) => s.id !== payerId && s.share > 0).map((s) => ({ from: s.id, to: payerId, amount: s.share }));
}

/**
 * Locale-aware money text, e.g. formatMoney(123450, 'CNY', 'zh-CN') => '¥1,234.50',
 * ('USD', 'en') => '$1,234.50', always with the currency's own number of decimals.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency));
}

import { describe, expect, it } from 'vitest';
import { en } from '../../src/core/i18n/en.ts';
import { zhCN } from '../../src/core/i18n/zh-CN.ts';
import { translate } from '../../src/core/i18n/index.ts';

/** A plural choice, `{name, plural, one {…} other {…}}`, whose branches hold no braces of their own. */
const pluralChoice = /\{(\w+), *plural,(?:[^{}]|\{[^{}]*\})*\}/g;
/** The parameters a template uses, `{name}` or a plural choice's, each once. */
const placeholders = (s: string) =>
  [...new Set([...[...s.matchAll(pluralChoice)].map((m) => m[1]), ...[...s.replace(pluralChoice, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1])])].sort();

describe('message catalogue', () => {
  it('has the same keys in English and Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('uses the same placeholders in both languages, so no parameter is dropped in translation', () => {
    const mismatched = Object.keys(en).filter(
      (k) => placeholders(en[k as keyof typeof en]).join() !== placeholders(zhCN[k as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('has no untranslated Chinese entry (a copy of the English text)', () => {
    const copied = Object.keys(en).filter((k) => /[a-z]{4,}/.test(en[k as keyof typeof en]) && zhCN[k as keyof typeof en] === en[k as keyof typeof en]);
    expect(copied.filter((k) => !['help.command_title', 'roster.line'].includes(k))).toEqual([]);
  });

  it('picks each count’s plural form by the language’s rules, # standing for the number', () => {
    expect(translate('en', 'import.failed', { count: 1 })).toBe('Nothing was imported: 1 row has a problem.');
    expect(translate('en', 'import.failed', { count: 3 })).toBe('Nothing was imported: 3 rows have problems.');
    expect(translate('en', 'kudos.mine_title', { count: 1 })).toBe('You were thanked once in the last 30 days:');
    expect(translate('en', 'kudos.mine_title', { count: 12 })).toBe('You were thanked 12 times in the last 30 days:');
    // An exact =0 comes before the language's own categories (English counts 0 as other).
    expect(translate('en', 'gathering.cancelled', { title: 'Picnic', count: 0 })).toBe('Cancelled “Picnic”; nobody was coming.');
    expect(translate('en', 'gathering.cancelled', { title: 'Picnic', count: 2 })).toBe('Cancelled “Picnic”; the 2 people coming were told.');
    // Two counts in one message, and a parameter beside them.
    expect(translate('en', 'digest.flag_unrecognised', { team: 'A', count: 1, weeks: 3 })).toBe(
      '*A*: nobody was recognised this week, and 1 agent has not been thanked for 3 weeks.',
    );
    // Chinese has no plural forms: its messages say the number as they are.
    expect(translate('zh-CN', 'import.failed', { count: 1 })).toBe('未导入任何数据：有 1 行存在问题。');
  });

  it('says no English count in a plural noun without a plural choice (“1 rows”)', () => {
    // A number parameter right before a word ending in s, outside any plural choice.
    const bare = Object.entries(en).filter(([, text]) => /\{(count|total|points|days|weeks|teams|actual|invited|told|managers|people)\} [a-z]+s\b/.test(text));
    expect(bare.map(([key]) => key)).toEqual([]);
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'error.unknown_command', { command: 'x' })).toBe("I don't know the command `x`.");
    expect(translate('zh-CN', 'error.did_you_mean', {})).toBe('你是想输入 `{suggestion}` 吗？');
  });
});

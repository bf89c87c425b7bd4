import { describe, expect, it } from 'vitest';
import { en } from '../../src/core/i18n/en.ts';
import { zhCN } from '../../src/core/i18n/zh-CN.ts';
import { translate } from '../../src/core/i18n/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'error.unknown_command', { command: 'x' })).toBe("I don't know the command `x`.");
    expect(translate('zh-CN', 'error.did_you_mean', {})).toBe('你是想输入 `{suggestion}` 吗？');
  });
});

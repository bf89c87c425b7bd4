import { describe, expect, it } from 'vitest';
import { parseArgs, tokenize } from '../../src/core/args.ts';
import { HearthError } from '../../src/core/errors.ts';

describe('tokenize', () => {
  it('splits on any whitespace and keeps quoted phrases together', () => {
    expect(tokenize('rotation  schedule\tteam:"Support A" month:2026-12')).toEqual(['rotation', 'schedule', 'team:Support A', 'month:2026-12']);
  });

  it('understands curly and corner quotes, as phones and Chinese keyboards type them', () => {
    expect(tokenize('holiday add 2026-12-25 “Christmas Day”')).toEqual(['holiday', 'add', '2026-12-25', 'Christmas Day']);
    expect(tokenize('roster 「上海 热线」')).toEqual(['roster', '上海 热线']);
  });

  it('treats an apostrophe inside a word as a letter', () => {
    expect(tokenize("kudos for Ana's help")).toEqual(['kudos', 'for', "Ana's", 'help']);
  });

  it('rejects an unclosed quote with a specific error', () => {
    expect(() => tokenize('roster "Support A')).toThrowError(HearthError);
    try {
      tokenize('roster "Support A');
    } catch (error) {
      expect((error as HearthError).key).toBe('error.unbalanced_quotes');
    }
  });

  it('refuses text over the length limit instead of working on it', () => {
    expect(() => tokenize('x'.repeat(4001))).toThrowError(/too_long/);
  });
});

describe('parseArgs', () => {
  it('separates key:value options from words, lower-casing keys', () => {
    expect(parseArgs(['schedule', 'Team:Billing', 'monthly'])).toEqual({ positional: ['schedule', 'monthly'], options: { team: 'Billing' } });
  });

  it('leaves times and URLs as words', () => {
    expect(parseArgs(['12:00', 'https://example.com/x', 'at:'])).toEqual({ positional: ['12:00', 'https://example.com/x', 'at:'], options: {} });
  });
});

describe('mentions in commands', () => {
  it('keeps a platform mention one word, even with a space in the name, also as an option value', () => {
    expect(tokenize('rotation swap <@aad-b|Ben Carter> <@U0ANA>')).toEqual(['rotation', 'swap', '<@aad-b|Ben Carter>', '<@U0ANA>']);
    expect(parseArgs(tokenize('split 10 paid-by:<@U1|Ana Souza>'))).toEqual({ positional: ['split', '10'], options: { 'paid-by': '<@U1|Ana Souza>' } });
    expect(tokenize('a <@ not closed')).toEqual(['a', '<@', 'not', 'closed']);
  });
});

/**
 * Splits what a person typed into a command's words, the way people actually type in chat:
 * "double", 'single', “curly” and 「corner」 quotes group words; `key:value` and
 * `key:"two words"` become named options; Slack's `<@U123|ana>` mentions stay one word.
 */
import { HearthError } from './errors.ts';

export interface ParsedArgs {
  /** Words in order, options removed. */
  positional: string[];
  /** `key:value` options, keys lower-cased. */
  options: Record<string, string>;
}

const quotePairs: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '「': '」', '『': '』' };
export const maxCommandLength = 4000;

export function tokenize(input: string): string[] {
  if (input.length > maxCommandLength) {
    throw new HearthError('invalid_argument', 'error.too_long', { length: input.length, max: maxCommandLength });
  }
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let i = 0;
  const chars = Array.from(input);
  while (i < chars.length) {
    const ch = chars[i]!;
    const close = quotePairs[ch];
    // An apostrophe inside a word ("don't") is not a quote.
    if (close !== undefined && !(ch === "'" && inToken && current.length > 0 && !current.endsWith(':'))) {
      const end = chars.indexOf(close, i + 1);
      if (end === -1) {
        throw new HearthError('invalid_argument', 'error.unbalanced_quotes', { text: input.slice(0, 80) });
      }
      current += chars.slice(i + 1, end).join('');
      inToken = true;
      i = end + 1;
      continue;
    }
    // A platform mention (`<@U123|Ana Souza>`) is one word even when the name has spaces.
    if (ch === '<' && chars[i + 1] === '@') {
      const end = chars.indexOf('>', i);
      if (end !== -1) {
        current += chars.slice(i, end + 1).join('');
        inToken = true;
        i = end + 1;
        continue;
      }
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
    i += 1;
  }
  if (inToken) tokens.push(current);
  return tokens;
}

/**
 * Drops NUL characters from what people send. They mean nothing in chat, and PostgreSQL cannot
 * store them in text, so a stray one would otherwise fail the command that saves the text.
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

const optionPattern = /^([a-z][a-z0-9_-]*):(.*)$/is;

export function parseArgs(tokens: string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens) {
    const match = optionPattern.exec(token);
    // `https://…` and `12:00` are values, not options.
    if (match && !match[2]!.startsWith('//') && match[2] !== '') {
      options[match[1]!.toLowerCase()] = match[2]!;
    } else {
      positional.push(token);
    }
  }
  return { positional, options };
}

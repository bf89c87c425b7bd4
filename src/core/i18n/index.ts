import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };
export type Locale = 'en' | 'zh-CN';
export type MessageParams = Record<string, string | number>;

export const locales: readonly Locale[] = ['en', 'zh-CN'];

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}

/**
 * The message for `key` in `locale`, with its placeholders filled: `{param}`, and ICU's plural
 * choice, `{count, plural, one {# person} other {# people}}`, whose branch is picked by the
 * language's own rules (Intl.PluralRules: English has one and other, Chinese only other), an exact
 * `=0` first, with `#` standing for the number. A parameter not given is left visible.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return fill(locale, catalogues[locale][key], params);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

function fill(locale: Locale, template: string, params: MessageParams): string {
  let out = '';
  let at = 0;
  for (let open = template.indexOf('{'); open >= 0; open = template.indexOf('{', at)) {
    const close = closingBrace(template, open);
    if (close < 0) break;
    out += template.slice(at, open);
    const inner = template.slice(open + 1, close);
    const plural = /^(\w+),\s*plural,/.exec(inner);
    const value = params[plural ? plural[1]! : inner];
    if (value === undefined) out += template.slice(open, close + 1);
    else if (plural) out += fill(locale, pluralBranch(locale, Number(value), inner.slice(plural[0].length)).replaceAll('#', String(value)), params);
    else out += String(value);
    at = close + 1;
  }
  return out + template.slice(at);
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** From `=0 {…} one {…} other {…}`, the branch for `n`. */
function pluralBranch(locale: Locale, n: number, branches: string): string {
  const found = new Map<string, string>();
  for (let at = 0; ; ) {
    const label = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(branches.slice(at));
    if (!label) break;
    const open = at + label[0].length - 1;
    const close = closingBrace(branches, open);
    if (close < 0) break;
    found.set(label[1]!, branches.slice(open + 1, close));
    at = close + 1;
  }
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return found.get(`=${n}`) ?? found.get(rules.select(n)) ?? found.get('other') ?? '';
}

/** A translator bound to one reader's language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translatorFor(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

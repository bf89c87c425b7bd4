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

/** The message for `key` in `locale`, with `{param}` placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A translator bound to one reader's language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translatorFor(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

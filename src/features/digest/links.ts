/**
 * Signed, expiring links to a digest page: the link carries the scope, the week, the language and
 * an expiry, signed with the organisation's secret, so the page needs no login and a link cannot
 * be altered to show another team or kept for ever.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DigestLink {
  /** A team id, or `org` for the whole organisation. */
  scope: string;
  /** The Monday the past week starts on, YYYY-MM-DD. */
  week: string;
  lang: string;
  /** Unix seconds. */
  exp: number;
}

const payload = (l: DigestLink) => `${l.scope}|${l.week}|${l.lang}|${l.exp}`;

export function signLink(secret: string, link: DigestLink): string {
  const sig = createHmac('sha256', secret).update(payload(link)).digest('hex');
  return new URLSearchParams({ scope: link.scope, week: link.week, lang: link.lang, exp: String(link.exp), sig }).toString();
}

/** The link's fields when its signature is right and it has not expired; otherwise why not. */
export function verifyLink(secret: string, query: URLSearchParams, nowSeconds: number): { ok: true; link: DigestLink } | { ok: false; reason: 'invalid' | 'expired' } {
  const link = { scope: query.get('scope') ?? '', week: query.get('week') ?? '', lang: query.get('lang') ?? 'en', exp: Number(query.get('exp')) };
  const given = Buffer.from(query.get('sig') ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(payload(link)).digest();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(link.week) || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  if (!Number.isFinite(link.exp) || link.exp < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, link };
}

/**
 * What of a page address and its referrer is kept: host and path, and the five utm_* campaign tags.
 * Every other query parameter and the fragment are dropped, since they often carry search terms,
 * tokens or email addresses that were never meant for analytics.
 */

import { TtlCache } from './ingest-cache.js';

/** Longest value stored per column; longer input is cut, not refused (browsers send what they have). */
export const MAX_LEN = { host: 253, path: 1024, utm: 200 } as const;

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];

export interface PageFacts {
  hostname: string | null;
  path: string;
  utm: Record<UtmKey, string | null>;
}

export interface ReferrerFacts {
  host: string;
  path: string;
}

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const cap = (v: string, n: number): string => (v.length > n ? v.slice(0, n) : v);

/** Host, path and campaign tags of a page address; null when it is not an http(s) URL. */
export function pageOf(url: string): PageFacts | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  const utm = {} as Record<UtmKey, string | null>;
  for (const key of UTM_KEYS) {
    const v = u.searchParams.get(key)?.trim();
    utm[key] = v ? cap(v, MAX_LEN.utm) : null;
  }
  return { hostname: u.hostname ? cap(u.hostname, MAX_LEN.host) : null, path: cap(u.pathname || '/', MAX_LEN.path), utm };
}

/**
 * Where the visitor came from, host and path only. A link within the same site is no referrer:
 * counting it would make every site its own top source.
 */
export function referrerOf(referrer: string | undefined, pageHost: string | null): ReferrerFacts | null {
  if (!referrer) return null;
  const u = parse(referrer);
  if (!u?.hostname) return null;
  const host = cap(u.hostname, MAX_LEN.host);
  if (pageHost !== null && host === pageHost) return null;
  return { host, path: cap(u.pathname || '/', MAX_LEN.path) };
}

/**
 * A site's page views repeat the same few hundred addresses and referrers, so each is parsed once
 * per ten minutes. Only short ones are kept, so that unusual long addresses cannot fill the memory.
 * The answers are shared between calls: do not change them.
 */
const CACHED_MAX_LEN = 512;
const pages = new TtlCache<string, PageFacts | null>(4000, 10 * 60_000);
const referrers = new TtlCache<string, ReferrerFacts | null>(4000, 10 * 60_000);

/** pageOf, remembered; `at` is the time in ms when the caller has read the clock already. */
export function pageOfCached(url: string, at?: number): PageFacts | null {
  if (url.length > CACHED_MAX_LEN) return pageOf(url);
  let page = pages.get(url, at);
  if (page === undefined) {
    page = pageOf(url);
    pages.set(url, page, at);
  }
  return page;
}

/** referrerOf, remembered (the address is parsed once; the same-site check is made per call). */
export function referrerOfCached(referrer: string | undefined, pageHost: string | null, at?: number): ReferrerFacts | null {
  if (!referrer || referrer.length > CACHED_MAX_LEN) return referrerOf(referrer, pageHost);
  let r = referrers.get(referrer, at);
  if (r === undefined) {
    r = referrerOf(referrer, null);
    referrers.set(referrer, r, at);
  }
  return r !== null && pageHost !== null && r.host === pageHost ? null : r;
}

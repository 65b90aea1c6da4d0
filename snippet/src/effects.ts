/**
 * What a choice does in the page: the first-party cookies (names and lifetimes as listed in the
 * cookie inventory, src/modules/privacy/cookies.ts), deleting a withdrawn category's cookies,
 * activating blocked scripts and Google Consent Mode v2 signals.
 */
import { choiceValue, parseChoice, type Choices } from './choice.js';
import type { Purpose } from './texts.js';

export type { Choices };

export const CONSENT_COOKIE = 'kodepos_consent';
export const VISITOR_COOKIE = 'kodepos_vid';
// In seconds, matching the inventory's "12 months" and "13 months" (snippet.test.ts checks both).
const CONSENT_MAX_AGE = 31_536_000;
const VISITOR_MAX_AGE = 34_128_000;

/**
 * Cookies well-known tools set per category; `*` ends a prefix. Sites add their own through the
 * config (`window.KodeposConfig.cookies`) or `Kodepos.consent.registerCookies`.
 */
export const CATEGORY_COOKIES: Record<Purpose, string[]> = {
  analytics: [VISITOR_COOKIE, '_ga', '_ga_*', '_gid', '_gat*', '_hj*', '_pk_*', 'ajs_*', '_clck', '_clsk', 'mp_*'],
  marketing: ['hubspotutk', '__hs*', '_mkto_trk', 'mc_*'],
  personalization: ['_vwo_*', '_vis_opt_*', 'optimizely*'],
  ads: ['_gcl_*', '_fbp', '_fbc', '_uetsid', '_uetvid', '_ttp', '_tt_*', 'IDE', 'test_cookie', '_pin_unauth'],
};

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function writeCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`;
}

/** The choice under this tag of wording and policy version (choice.ts has the stored form). */
export function saveChoice(c: Choices, tag: string): void {
  writeCookie(CONSENT_COOKIE, choiceValue(c, tag, Date.now()), CONSENT_MAX_AGE);
}

export function loadChoice(tag: string): Choices | null {
  return parseChoice(readCookie(CONSENT_COOKIE) ?? '', tag);
}

export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * A page view's id: the time in milliseconds (9 base-36 digits, so ids sort by time) and then a
 * random id. The server keeps page views in an index by this id for their heartbeats; ids that
 * arrive in about the order they were made go in at the index's end, where random ones land on a
 * different page each time (inserting 300,000 events: 6.6 µs each instead of 17).
 */
export function pageViewId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomId();
}

let memoryId: string | null = null;

/**
 * The id sent with the choice: the `kodepos_vid` cookie only when analytics is allowed (it exists
 * to count returning visits); otherwise a random id kept in memory for this page only. A
 * withdrawal is sent with the cookie's id, so it lands on the record that held the grant; the
 * caller then deletes the cookie with the rest of the category.
 */
export function visitorId(analytics: boolean): string {
  if (!analytics) return readCookie(VISITOR_COOKIE) ?? (memoryId ??= randomId());
  const id = readCookie(VISITOR_COOKIE) ?? memoryId ?? randomId();
  writeCookie(VISITOR_COOKIE, id, VISITOR_MAX_AGE);
  return id;
}

/** Deletes matching cookies on this host and every parent domain they may have been set on. */
export function deleteCookies(patterns: string[]): void {
  const matches = (name: string): boolean => patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
  const labels = location.hostname.split('.');
  const domains = [''];
  for (let i = 0; i < labels.length - 1; i++) domains.push(`; Domain=.${labels.slice(i).join('.')}`);
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim() ?? '';
    if (!name || !matches(name)) continue;
    for (const d of domains) document.cookie = `${name}=; Path=/; Max-Age=0${d}`;
  }
}

/**
 * Re-creates `<script type="text/plain" data-category="…">` elements as real scripts once every
 * category they name is allowed. A blocked script with `src` was never fetched: browsers skip
 * scripts of an unknown type.
 */
export function activateScripts(c: Choices): void {
  const blocked = document.querySelectorAll<HTMLScriptElement>('script[type="text/plain"][data-category]');
  for (const old of Array.from(blocked)) {
    const cats = (old.getAttribute('data-category') ?? '').split(/[\s,]+/).filter(Boolean);
    if (!cats.every((cat) => cat === 'necessary' || c[cat as Purpose] === true)) continue;
    const s = document.createElement('script');
    for (const a of Array.from(old.attributes)) if (a.name !== 'type') s.setAttribute(a.name, a.value);
    const type = old.getAttribute('data-type');
    if (type) s.type = type;
    s.setAttribute('data-activated', '');
    if (!old.src) s.text = old.text;
    old.replaceWith(s);
  }
}

type Gtag = (...args: unknown[]) => void;
interface ConsentWindow {
  dataLayer?: unknown[];
  gtag?: Gtag;
}

const state = (on: boolean): 'granted' | 'denied' => (on ? 'granted' : 'denied');

/** Google's gtag, or the standard stub that queues calls on dataLayer for it. */
function gtag(): Gtag {
  const w = window as unknown as ConsentWindow;
  w.dataLayer = w.dataLayer ?? [];
  if (typeof w.gtag !== 'function') {
    const layer = w.dataLayer;
    // gtag.js reads the Arguments object, not an array: the stub must push `arguments` itself.
    w.gtag = function () {
      // eslint-disable-next-line prefer-rest-params
      layer.push(arguments);
    };
  }
  return w.gtag;
}

export function consentModeDefault(): void {
  gtag()('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', personalization_storage: 'denied', functionality_storage: 'granted', security_storage: 'granted', wait_for_update: 500 });
}

export function consentModeUpdate(c: Choices): void {
  gtag()('consent', 'update', {
    analytics_storage: state(c.analytics),
    ad_storage: state(c.ads),
    ad_user_data: state(c.ads),
    ad_personalization: state(c.ads && c.personalization),
    personalization_storage: state(c.personalization),
  });
}

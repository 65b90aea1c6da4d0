import { hash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { bufferFor } from './buffer.js';
import { countryIn, geoReader, loadedGeoReader } from './geo.js';
import { pageOfCached, referrerOfCached, type PageFacts } from './ingest-url.js';
import { siteMode, visitorStanding, type VisitorStanding } from './ingest-sites.js';
import { knownSalt, saltFor } from './salts.js';
import type { EventInput } from './schema.js';
import type { AnalyticsMode } from './tables.js';
import { parseUserAgent, type ClientFacts } from './ua.js';

/**
 * First-party event ingestion (policy §2c, §8): decides whether an event is recorded and under
 * which identity, and hands it to the write buffer.
 *
 * Identity: a visitor id counts only while that visitor's latest analytics choice on this site is
 * a grant. Otherwise the visitor is anonymous: counted by a hash of (address, user agent, site)
 * under the day's random salt in mode `hash`, or not recorded at all in mode `none`.
 */

/** Most engaged time one heartbeat can add: the snippet beats every few seconds while the page is visible. */
export const HEARTBEAT_CAP_MS = 60_000;

export interface RequestFacts {
  /** The client address as the server sees it (after trustProxy); used for the country and the hash, never stored. */
  ip: string | undefined;
  userAgent: string | undefined;
}

let geoFailureLogged = false;

/** SHA-256 in one call (no Hash object per event): the same digest as lib/crypto's sha256Hex. */
function anonymousHash(salt: string, ip: string | undefined, userAgent: string, site: string): string {
  return hash('sha256', `${salt}\n${ip ?? ''}\n${userAgent}\n${site}`, 'hex');
}

/** `f(v)`, at once when `v` is a plain value, else once it resolves. */
function after<T, R>(v: T | Promise<T>, f: (t: T) => R | Promise<R>): R | Promise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** Milliseconds since the epoch as toISOString writes them, building the date part once per second. */
let isoSecond = Number.NaN;
let isoPrefix = '';
export function isoAt(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    // Everything up to and including the decimal point: "2026-11-28T19:49:17."
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    isoSecond = second;
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function onGeoFailure(ctx: AppContext): (err: unknown) => void {
  return (err) => {
    if (geoFailureLogged) return;
    geoFailureLogged = true;
    ctx.log.warn({ err }, 'the IP country database could not be loaded; events are recorded without a country');
  };
}

/**
 * Returns whether the event was recorded; throws not_found for an unknown workspace. Once the
 * site, the visitor's standing, the day's salt and the country database are in memory (every event
 * but the first few), the answer is a plain value: no promise and no query per event.
 */
export function ingestEvent(ctx: AppContext, input: EventInput, facts: RequestFacts): boolean | Promise<boolean> {
  const now = ctx.clock.now().getTime();
  const workspaceId = input.workspaceId ?? null;
  return after(siteMode(ctx, workspaceId, now), (mode) => {
    const client = parseUserAgent(facts.userAgent, now);
    if (client.bot) return false;
    const page = pageOfCached(input.url, now);
    if (!page) throw badRequest('validation_failed', 'Some fields are missing or invalid', [{ field: 'body.url', message: 'must be an http or https URL' }]);
    const standing = input.visitorId === undefined ? 'anonymous' : visitorStanding(ctx, workspaceId, input.visitorId, now);
    return after(standing, (s) => record(ctx, input, facts, { now, workspaceId, mode, standing: s, client, page }));
  });
}

interface Decided {
  now: number;
  workspaceId: string | null;
  mode: AnalyticsMode;
  standing: VisitorStanding;
  client: ClientFacts;
  page: PageFacts;
}

function record(ctx: AppContext, input: EventInput, facts: RequestFacts, d: Decided): boolean | Promise<boolean> {
  if (d.standing === 'restricted') return false;
  const consented = d.standing === 'granted';
  if (!consented && d.mode === 'none') return false;
  const { workspaceId } = d;

  if (input.type === 'heartbeat') {
    bufferFor(ctx).heartbeat(workspaceId, input.pageId, Math.min(input.engagedMs ?? 0, HEARTBEAT_CAP_MS));
    return true;
  }

  const type = input.type;
  const at = isoAt(d.now);
  const day = at.slice(0, 10);
  const salt = consented ? null : (knownSalt(ctx, day) ?? saltFor(ctx, day));
  const loaded = loadedGeoReader();
  return after(salt, (salt) =>
    after(loaded !== undefined ? loaded : geoReader(onGeoFailure(ctx)), (reader) => {
      const { page, client } = d;
      const referrer = referrerOfCached(input.referrer, page.hostname, d.now);
      const utm = page.utm;
      bufferFor(ctx).add({
        workspace_id: workspaceId,
        occurred_at: at,
        day,
        type,
        page_id: input.pageId,
        visitor_id: consented ? (input.visitorId ?? null) : null,
        visitor_hash: salt === null ? null : anonymousHash(salt, facts.ip, facts.userAgent ?? '', workspaceId ?? 'platform'),
        hostname: page.hostname,
        path: page.path,
        referrer_host: referrer?.host ?? null,
        referrer_path: referrer?.path ?? null,
        utm_source: utm.utm_source,
        utm_medium: utm.utm_medium,
        utm_campaign: utm.utm_campaign,
        utm_term: utm.utm_term,
        utm_content: utm.utm_content,
        country: countryIn(reader, facts.ip, d.now),
        browser: client.browser,
        os: client.os,
        device: client.device,
        time_zone: input.timeZone ?? null,
        feature: type === 'feature' ? (input.feature ?? null) : null,
        engaged_ms: 0,
      });
      return true;
    }),
  );
}

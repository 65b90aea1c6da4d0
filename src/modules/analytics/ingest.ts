import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { bufferFor } from './buffer.js';
import { countryIn, geoReader, loadedGeoReader } from './geo.js';
import { pageOfCached, referrerOfCached, type PageFacts } from './ingest-url.js';
import { siteMode, visitorStanding, type VisitorStanding } from './ingest-sites.js';
import { knownSalt, saltFor } from './salts.js';
import type { EventInput } from './schema.js';
import type { AnalyticsMode } from './tables.js';
import { TtlCache } from './ingest-cache.js';
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

function anonymousHash(salt: string, ip: string | undefined, userAgent: string, site: string): string {
  return sha256Hex(`${salt}\n${ip ?? ''}\n${userAgent}\n${site}`);
}

/**
 * The hashes of the visitors seen lately under the current salt. A visit is several page views from
 * one address and browser, and the hash was a tenth of an event's CPU on the server. Held in memory
 * only, as the salt is, and dropped with it: a new salt starts an empty cache.
 */
const recent = { salt: '', hashes: new TtlCache<string, string>(20_000, 30 * 60_000) };
export function visitorHash(salt: string, ip: string | undefined, userAgent: string, site: string, at: number): string {
  if (recent.salt !== salt) {
    recent.salt = salt;
    recent.hashes = new TtlCache<string, string>(20_000, 30 * 60_000);
  }
  const key = `${ip ?? ''}\n${userAgent}\n${site}`;
  let h = recent.hashes.get(key, at);
  if (h === undefined) {
    h = anonymousHash(salt, ip, userAgent, site);
    recent.hashes.set(key, h, at);
  }
  return h;
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
 * but the first few), the answer is a plain value: no promise, closure or query per event.
 */
export function ingestEvent(ctx: AppContext, input: EventInput, facts: RequestFacts): boolean | Promise<boolean> {
  const now = ctx.clock.now().getTime();
  const workspaceId = input.workspaceId ?? null;
  const mode = siteMode(ctx, workspaceId, now);
  return mode instanceof Promise ? mode.then((m) => decide(ctx, input, facts, now, workspaceId, m)) : decide(ctx, input, facts, now, workspaceId, mode);
}

function decide(ctx: AppContext, input: EventInput, facts: RequestFacts, now: number, workspaceId: string | null, mode: AnalyticsMode): boolean | Promise<boolean> {
  const client = parseUserAgent(facts.userAgent, now);
  if (client.bot) return false;
  const page = pageOfCached(input.url, now);
  if (!page) throw badRequest('validation_failed', 'Some fields are missing or invalid', [{ field: 'body.url', message: 'must be an http or https URL' }]);
  const standing = input.visitorId === undefined ? 'anonymous' : visitorStanding(ctx, workspaceId, input.visitorId, now);
  const d = { now, workspaceId, mode, client, page };
  return standing instanceof Promise ? standing.then((s) => record(ctx, input, facts, d, s)) : record(ctx, input, facts, d, standing);
}

interface Decided {
  now: number;
  workspaceId: string | null;
  mode: AnalyticsMode;
  client: ClientFacts;
  page: PageFacts;
}

type GeoReader = Awaited<ReturnType<typeof geoReader>>;

function record(ctx: AppContext, input: EventInput, facts: RequestFacts, d: Decided, standing: VisitorStanding): boolean | Promise<boolean> {
  if (standing === 'restricted') return false;
  const consented = standing === 'granted';
  if (!consented && d.mode === 'none') return false;

  if (input.type === 'heartbeat') {
    bufferFor(ctx).heartbeat(d.workspaceId, input.pageId, Math.min(input.engagedMs ?? 0, HEARTBEAT_CAP_MS));
    return true;
  }

  const type = input.type;
  const at = isoAt(d.now);
  const day = at.slice(0, 10);
  const salt = consented ? null : (knownSalt(ctx, day) ?? saltFor(ctx, day));
  const loaded = loadedGeoReader();
  const reader = loaded !== undefined ? loaded : geoReader(onGeoFailure(ctx));
  if (salt instanceof Promise || reader instanceof Promise) {
    return Promise.all([salt, reader]).then(([s, r]) => add(ctx, input, type, facts, d, consented, at, day, s, r));
  }
  return add(ctx, input, type, facts, d, consented, at, day, salt, reader);
}

type Recorded = Exclude<EventInput['type'], 'heartbeat'>;

function add(ctx: AppContext, input: EventInput, type: Recorded, facts: RequestFacts, d: Decided, consented: boolean, at: string, day: string, salt: string | null, reader: GeoReader): true {
  const { page, client, workspaceId } = d;
  const referrer = referrerOfCached(input.referrer, page.hostname, d.now);
  const utm = page.utm;
  bufferFor(ctx).add({
    workspace_id: workspaceId,
    occurred_at: at,
    day,
    type,
    page_id: input.pageId,
    visitor_id: consented ? (input.visitorId ?? null) : null,
    visitor_hash: salt === null ? null : visitorHash(salt, facts.ip, facts.userAgent ?? '', workspaceId ?? 'platform', d.now),
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
}

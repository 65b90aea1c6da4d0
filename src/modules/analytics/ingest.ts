import { hash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { bufferFor } from './buffer.js';
import { countryIn, geoReader } from './geo.js';
import { pageOf, referrerOf } from './ingest-url.js';
import { siteMode, visitorStanding } from './ingest-sites.js';
import { saltFor } from './salts.js';
import type { EventInput } from './schema.js';
import { parseUserAgent } from './ua.js';

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

/** Returns whether the event was recorded; throws not_found for an unknown workspace. */
export async function ingestEvent(ctx: AppContext, input: EventInput, facts: RequestFacts): Promise<boolean> {
  const workspaceId = input.workspaceId ?? null;
  const mode = await siteMode(ctx, workspaceId);
  const client = parseUserAgent(facts.userAgent);
  if (client.bot) return false;
  const page = pageOf(input.url);
  if (!page) throw badRequest('validation_failed', 'Some fields are missing or invalid', [{ field: 'body.url', message: 'must be an http or https URL' }]);

  const standing = input.visitorId === undefined ? 'anonymous' : await visitorStanding(ctx, workspaceId, input.visitorId);
  if (standing === 'restricted') return false;
  const consented = standing === 'granted';
  if (!consented && mode === 'none') return false;

  if (input.type === 'heartbeat') {
    bufferFor(ctx).heartbeat(workspaceId, input.pageId, Math.min(input.engagedMs ?? 0, HEARTBEAT_CAP_MS));
    return true;
  }

  const at = ctx.clock.now().toISOString();
  const day = at.slice(0, 10);
  const visitorHash = consented ? null : anonymousHash(await saltFor(ctx, day), facts.ip, facts.userAgent ?? '', workspaceId ?? 'platform');
  const reader = await geoReader((err) => {
    if (geoFailureLogged) return;
    geoFailureLogged = true;
    ctx.log.warn({ err }, 'the IP country database could not be loaded; events are recorded without a country');
  });
  const referrer = referrerOf(input.referrer, page.hostname);

  bufferFor(ctx).add({
    workspace_id: workspaceId,
    occurred_at: at,
    day,
    type: input.type,
    page_id: input.pageId,
    visitor_id: consented ? (input.visitorId ?? null) : null,
    visitor_hash: visitorHash,
    hostname: page.hostname,
    path: page.path,
    referrer_host: referrer?.host ?? null,
    referrer_path: referrer?.path ?? null,
    ...page.utm,
    country: countryIn(reader, facts.ip),
    browser: client.browser,
    os: client.os,
    device: client.device,
    time_zone: input.timeZone ?? null,
    feature: input.type === 'feature' ? (input.feature ?? null) : null,
    engaged_ms: 0,
  });
  return true;
}

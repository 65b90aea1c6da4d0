import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { TtlCache } from './ingest-cache.js';
import * as repo from './repo.js';
import { analyticsSettings } from './service.js';
import type { AnalyticsMode } from './tables.js';

/**
 * The per-event lookups of ingestion, each cached briefly in this process: whether the site exists
 * and its mode, and whether a visitor id has analytics consent. Both caches only copy database
 * answers for seconds, so a change (a new mode, a withdrawn consent) takes effect on every node
 * within that time, and a node that restarts loses nothing.
 */
const SITE_TTL_MS = 10_000;
const CONSENT_TTL_MS = 30_000;

interface Caches {
  sites: TtlCache<string, AnalyticsMode | null>;
  consent: TtlCache<string, VisitorStanding>;
}

const caches = new WeakMap<AppContext, Caches>();

function cachesOf(ctx: AppContext): Caches {
  let c = caches.get(ctx);
  if (!c) {
    const now = (): number => ctx.clock.now().getTime();
    c = { sites: new TtlCache(10_000, SITE_TTL_MS, now), consent: new TtlCache(50_000, CONSENT_TTL_MS, now) };
    caches.set(ctx, c);
  }
  return c;
}

const siteKey = (workspaceId: string | null): string => workspaceId ?? '';

/**
 * The site's analytics mode; 404 for a workspace that does not exist (remembered too, so probing
 * costs no query). A cached answer comes back as a plain value, without a promise to wait for;
 * `at` is the event's time in ms (the caller has read the clock already).
 */
export function siteMode(ctx: AppContext, workspaceId: string | null, at?: number): AnalyticsMode | Promise<AnalyticsMode> {
  const mode = cachesOf(ctx).sites.get(siteKey(workspaceId), at);
  if (mode === undefined) return loadSiteMode(ctx, workspaceId);
  if (mode === null) throw notFound('Workspace');
  return mode;
}

async function loadSiteMode(ctx: AppContext, workspaceId: string | null): Promise<AnalyticsMode> {
  const mode = workspaceId === null ? (await analyticsSettings(ctx, null)).mode : ((await repo.workspaceSettings(ctx.db.k, workspaceId))?.mode ?? null);
  cachesOf(ctx).sites.set(siteKey(workspaceId), mode);
  if (mode === null) throw notFound('Workspace');
  return mode;
}

export function forgetSite(ctx: AppContext, workspaceId: string | null): void {
  caches.get(ctx)?.sites.delete(siteKey(workspaceId));
}

/**
 * What this visitor id may be used for on this site: `granted` when its latest analytics choice is
 * a grant, `restricted` when it is linked to a person whose processing is restricted (nothing of
 * theirs is recorded, not even anonymously), else `anonymous`.
 */
export type VisitorStanding = 'granted' | 'anonymous' | 'restricted';

/** Cached answers come back as a plain value, as for siteMode. */
export function visitorStanding(ctx: AppContext, workspaceId: string | null, visitorId: string, at?: number): VisitorStanding | Promise<VisitorStanding> {
  const k = `${siteKey(workspaceId)}|${visitorId}`;
  return cachesOf(ctx).consent.get(k, at) ?? loadStanding(ctx, workspaceId, visitorId, k);
}

async function loadStanding(ctx: AppContext, workspaceId: string | null, visitorId: string, k: string): Promise<VisitorStanding> {
  const standing: VisitorStanding = (await repo.visitorRestricted(ctx.db.k, workspaceId, visitorId)) ? 'restricted' : (await repo.analyticsGranted(ctx.db.k, workspaceId, visitorId)) ? 'granted' : 'anonymous';
  cachesOf(ctx).consent.set(k, standing);
  return standing;
}

import type { AppContext } from '../../context.js';
import { badRequest, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import { forgetSite } from './ingest-sites.js';
import { visitorContact } from './link-repo.js';
import * as repo from './repo.js';
import { ANALYTICS_MODES, type AnalyticsMode } from './tables.js';

/**
 * Analytics settings of a site: a workspace's (its own columns) or the platform's own site
 * (`workspaceId` null, kept in platform_settings). Mode `hash` counts visitors without analytics
 * consent by a daily salted hash; `none` does not count them at all. Retention is how many months
 * raw events are kept before only the daily aggregates remain.
 */
export interface AnalyticsSettings {
  mode: AnalyticsMode;
  retentionMonths: number;
}

export const DEFAULT_SETTINGS: AnalyticsSettings = { mode: 'hash', retentionMonths: 24 };
export const RETENTION_MONTHS = { min: 1, max: 120 } as const;

const isMode = (v: unknown): v is AnalyticsMode => (ANALYTICS_MODES as readonly unknown[]).includes(v);
const validMonths = (n: number): boolean => Number.isInteger(n) && n >= RETENTION_MONTHS.min && n <= RETENTION_MONTHS.max;

function platformSettings(values: Record<string, string>): AnalyticsSettings {
  const mode = values[repo.PLATFORM_KEYS.mode];
  const months = Number(values[repo.PLATFORM_KEYS.retentionMonths]);
  return { mode: isMode(mode) ? mode : DEFAULT_SETTINGS.mode, retentionMonths: validMonths(months) ? months : DEFAULT_SETTINGS.retentionMonths };
}

/** The site's settings; an unknown workspace is not found. */
export async function analyticsSettings(ctx: AppContext, workspaceId: string | null): Promise<AnalyticsSettings> {
  if (workspaceId === null) return platformSettings(await repo.platformValues(ctx.db.k));
  const s = await repo.workspaceSettings(ctx.db.k, workspaceId);
  if (!s) throw notFound('Workspace');
  return s;
}

export async function updateAnalyticsSettings(ctx: AppContext, workspaceId: string | null, patch: Partial<AnalyticsSettings>, actor: audit.Actor): Promise<AnalyticsSettings> {
  if (patch.mode !== undefined && !isMode(patch.mode)) throw badRequest('validation_failed', 'mode must be hash or none', [{ field: 'body.mode', message: 'must be hash or none' }]);
  if (patch.retentionMonths !== undefined && !validMonths(patch.retentionMonths)) {
    throw badRequest('validation_failed', `retentionMonths must be a whole number from ${RETENTION_MONTHS.min} to ${RETENTION_MONTHS.max}`, [{ field: 'body.retentionMonths', message: 'out of range' }]);
  }
  const result = await ctx.db.k.transaction().execute(async (trx) => {
    const before = workspaceId === null ? platformSettings(await repo.platformValues(trx)) : await repo.workspaceSettings(trx, workspaceId);
    if (!before) throw notFound('Workspace');
    const after: AnalyticsSettings = { mode: patch.mode ?? before.mode, retentionMonths: patch.retentionMonths ?? before.retentionMonths };
    const changed = (Object.keys(after) as (keyof AnalyticsSettings)[]).filter((f) => after[f] !== before[f]);
    if (changed.length === 0) return after;
    const at = ctx.clock.now().toISOString();
    if (workspaceId === null) {
      for (const f of changed) await repo.setPlatformValue(trx, repo.PLATFORM_KEYS[f], String(after[f]), at);
    } else {
      await repo.setWorkspaceSettings(trx, workspaceId, after, at);
    }
    const target = workspaceId === null ? { type: 'platform', id: 'analytics' } : { type: 'workspace', id: workspaceId };
    const from = Object.fromEntries(changed.map((f) => [f, before[f]]));
    const to = Object.fromEntries(changed.map((f) => [f, after[f]]));
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'analytics.settings_changed', target, details: { from, to } }, trx);
    return after;
  });
  // This node stops using the old mode at once; other nodes within the site cache's few seconds.
  forgetSite(ctx, workspaceId);
  return result;
}

/** For GA4 forwarding: a page of the consented events of a workspace's site after an event id. */
export function consentedEventsAfter(ctx: AppContext, workspaceId: string, after: string | null, limit: number) {
  return repo.consentedEventsAfter(ctx.db.k, workspaceId, after, limit);
}

/** The contact a visitor id was linked to (at sign-in or by a choice made while known), if any. */
export function contactOfVisitor(ctx: AppContext, workspaceId: string, visitorId: string): Promise<string | null> {
  return visitorContact(ctx.db.k, workspaceId, visitorId);
}

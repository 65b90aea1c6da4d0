import type { AppContext } from '../../context.js';
import * as audit from '../audit/service.js';
import * as repo from './retention-repo.js';
import { analyticsSettings, DEFAULT_SETTINGS } from './service.js';
import { rollupDay, utcDay } from './rollup.js';
import { sites, type Site } from './rollup-repo.js';

/**
 * Raw-event retention (policy §8): a site's raw events older than its retention period (months,
 * a workspace setting; for the platform's site the `analytics_retention_months` platform setting,
 * 24 by default) are deleted, day by day, oldest first, once that day's aggregates exist; then the
 * visitor ids nothing refers to any more. The aggregates stay: they are counts about nobody.
 */

/** Rows per DELETE: each batch is a short statement of its own, so ingestion never waits long. */
export const DELETE_BATCH = 5000;

/** The first day still kept: `months` calendar months before `today` (the 31st becomes the month's last day). */
export function keepFrom(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastOfMonth = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastOfMonth));
  return utcDay(first);
}

export interface SiteRetention {
  site: Site;
  keepFrom: string;
  days: number;
  events: number;
  visitors: number;
}

/** Lets other work (requests, ingestion) run between two batches. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function applyToSite(ctx: AppContext, site: Site, months: number, batch: number): Promise<SiteRetention> {
  const k = ctx.db.k;
  const out: SiteRetention = { site, keepFrom: keepFrom(utcDay(ctx.clock.now()), months), days: 0, events: 0, visitors: 0 };
  for (let day = await repo.oldestEventDay(k, site, out.keepFrom); day; day = await repo.oldestEventDay(k, site, out.keepFrom)) {
    // Never rebuilt when they exist: a run stopped halfway through a day must not shrink its figures.
    if (!(await repo.hasAggregates(k, site, day))) await rollupDay(ctx, site, day);
    for (let n = batch; n === batch; ) {
      n = await repo.deleteDayBatch(k, site, day, batch);
      out.events += n;
      await yieldTurn();
    }
    out.days += 1;
  }
  const seenBefore = `${out.keepFrom}T00:00:00.000Z`;
  for (let n = batch; n === batch; ) {
    n = await repo.deleteOrphanVisitors(k, site, seenBefore, batch);
    out.visitors += n;
    await yieldTurn();
  }
  if (out.events > 0 || out.visitors > 0) {
    await audit.record(ctx.db, ctx.clock, {
      actor: audit.SYSTEM,
      workspaceId: site,
      action: 'analytics.retention_applied',
      reason: `Raw analytics events are kept ${months} months`,
      details: { keepFrom: out.keepFrom, retentionMonths: months, days: out.days, events: out.events, visitors: out.visitors },
    });
  }
  return out;
}

/** Applies every site's retention; returns what each site lost (counts only). */
export async function applyRetention(ctx: AppContext, opts: { batch?: number } = {}): Promise<SiteRetention[]> {
  const batch = opts.batch ?? DELETE_BATCH;
  const out: SiteRetention[] = [];
  for (const s of await sites(ctx.db.k)) {
    const months = s.site === null ? (await analyticsSettings(ctx, null)).retentionMonths : (s.retentionMonths ?? DEFAULT_SETTINGS.retentionMonths);
    out.push(await applyToSite(ctx, s.site, months, batch));
  }
  return out;
}

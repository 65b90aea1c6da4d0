import type { AppContext } from '../../context.js';
import { tx } from '../../db/db.js';
import { DAY } from '../../lib/clock.js';
import { computeDay } from './rollup-compute.js';
import * as repo from './rollup-repo.js';

/** Builds analytics_daily from analytics_events (see rollup-compute.ts for the counting rules). */

/** `YYYY-MM-DD` of a moment, in UTC (the `day` events count for). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day `n` days after `day` (before, when negative). */
export function shiftDay(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = shiftDay(d, 1)) out.push(d);
  return out;
}

/** Recomputes one site's day from its raw events; running it twice gives the same rows. */
export async function rollupDay(ctx: AppContext, site: repo.Site, day: string): Promise<number> {
  const figures = computeDay(await repo.dayEvents(ctx.db.k, site, day));
  await tx(ctx.db, (trx) => repo.replaceDay(trx, ctx.db.dialect, site, day, figures));
  return figures.length;
}

export interface RollupSummary {
  days: number;
  rows: number;
}

/**
 * Today and yesterday of every site that had events then. Yesterday is redone because events
 * sent just before midnight may arrive after it (and heartbeats keep adding engaged time).
 */
export async function rollupRecent(ctx: AppContext): Promise<RollupSummary> {
  const today = utcDay(ctx.clock.now());
  const sum: RollupSummary = { days: 0, rows: 0 };
  for (const { site } of await repo.sites(ctx.db.k)) {
    for (const day of await repo.eventDays(ctx.db.k, site, shiftDay(today, -1), today)) {
      sum.rows += await rollupDay(ctx, site, day);
      sum.days += 1;
    }
  }
  return sum;
}

/** Days before `before` on which a site has raw events but no aggregates yet. */
export async function missingDays(ctx: AppContext, site: repo.Site, before: string): Promise<string[]> {
  const last = shiftDay(before, -1);
  const withEvents = await repo.eventDays(ctx.db.k, site, '0000-01-01', last);
  if (!withEvents.length) return [];
  const done = await repo.aggregatedDays(ctx.db.k, site, withEvents[0]!, last);
  return withEvents.filter((d) => !done.has(d));
}

/** Aggregates every past day that has events but none yet (after downtime, or events imported late). */
export async function catchUp(ctx: AppContext, site?: repo.Site): Promise<RollupSummary> {
  const today = utcDay(ctx.clock.now());
  const list = site === undefined ? (await repo.sites(ctx.db.k)).map((s) => s.site) : [site];
  const sum: RollupSummary = { days: 0, rows: 0 };
  for (const s of list) {
    for (const day of await missingDays(ctx, s, today)) {
      sum.rows += await rollupDay(ctx, s, day);
      sum.days += 1;
    }
  }
  return sum;
}

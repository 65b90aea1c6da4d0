import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import * as repo from './dashboard-repo.js';
import { computeDay, type Figures } from './rollup-compute.js';
import { aggregatedDays, dayEvents, eventDays, type Site } from './rollup-repo.js';
import { daysBetween, shiftDay, utcDay } from './rollup.js';
import type { Dimension } from './tables.js';

/**
 * The dashboard's figures for a site (a workspace, or null for the platform's own site). Past days
 * are read from the daily aggregates; today, and any past day not aggregated yet, are computed
 * from the raw events by the same function the aggregation job uses, so both give equal numbers.
 * A range's visitors are the sum of each day's unique visitors: visitors without consent are a
 * hash that changes every day, so nobody can be followed across days.
 */

/** The longest range one request may ask for (a little over a year, for year-on-year views). */
export const MAX_RANGE_DAYS = 400;
/** Days the dashboard shows when the request names none. */
export const DEFAULT_RANGE_DAYS = 30;

export interface RangeQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export interface Range {
  from: string;
  to: string;
}

export interface Totals {
  visitors: number;
  pageviews: number;
  sessions: number;
  /** Share of sessions that bounced, 0 to 1. */
  bounceRate: number;
  /** Average engaged (visible) time per page view. */
  avgEngagedMs: number;
  featureEvents: number;
}

export interface SeriesPoint {
  day: string;
  visitors: number;
  pageviews: number;
}

export interface Dashboard extends Range {
  totals: Totals;
  previous: (Totals & Range) | null;
  series: SeriesPoint[];
  previousSeries: SeriesPoint[] | null;
}

export interface BreakdownRow {
  value: string;
  visitors: number;
  pageviews: number;
  bounceRate: number;
  avgEngagedMs: number;
  events: number;
}

const invalid = (field: string, message: string): HttpError =>
  new HttpError(400, 'validation_failed', 'Some fields are missing or invalid', [{ field: `querystring.${field}`, message }]);

/** The range asked for, defaults filled in (the last 30 days up to today), checked. */
export function resolveRange(now: Date, q: RangeQuery): Range {
  const today = utcDay(now);
  const to = q.to ?? (q.from ? shiftDay(q.from, DEFAULT_RANGE_DAYS - 1) : today);
  const from = q.from ?? shiftDay(to, -(DEFAULT_RANGE_DAYS - 1));
  for (const [field, day] of [['from', from], ['to', to]] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || utcDay(new Date(`${day}T00:00:00Z`)) !== day) throw invalid(field, 'must be a date YYYY-MM-DD');
  }
  if (from > to) throw invalid('from', 'must not be after `to`');
  if (daysBetween(from, to).length > MAX_RANGE_DAYS) throw invalid('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** The range of equal length that ends the day before `range` starts. */
export function previousRange(range: Range): Range {
  const length = daysBetween(range.from, range.to).length;
  return { from: shiftDay(range.from, -length), to: shiftDay(range.from, -1) };
}

const zero = (): Figures => ({ visitors: 0, pageviews: 0, sessions: 0, bounces: 0, engagedMs: 0, events: 0 });

function add(into: Figures, f: Figures): void {
  into.visitors += f.visitors;
  into.pageviews += f.pageviews;
  into.sessions += f.sessions;
  into.bounces += f.bounces;
  into.engagedMs += f.engagedMs;
  into.events += f.events;
}

const rate = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);
const avg = (sum: number, n: number): number => (n > 0 ? Math.round(sum / n) : 0);

/**
 * Days of the range read from raw events: today (still growing) and the past days that have
 * events but no aggregates. Past days are the aggregates' (`throughDay` is the last of them).
 * Events are looked for only between the first and last day lacking aggregates, one index seek
 * per day that has some, so a fully aggregated range costs no look at the raw events at all.
 */
async function rawDays(ctx: AppContext, site: Site, range: Range): Promise<{ days: string[]; throughDay: string }> {
  const today = utcDay(ctx.clock.now());
  const throughDay = range.to < today ? range.to : shiftDay(today, -1);
  const days: string[] = [];
  if (range.from <= throughDay) {
    const done = await aggregatedDays(ctx.db.k, site, range.from, throughDay);
    const missing = daysBetween(range.from, throughDay).filter((d) => !done.has(d));
    if (missing.length) {
      const withEvents = await eventDays(ctx.db.k, site, missing[0]!, missing[missing.length - 1]!);
      days.push(...withEvents.filter((d) => !done.has(d)));
    }
  }
  if (range.from <= today && today <= range.to) days.push(today);
  return { days, throughDay };
}

async function figuresByDay(ctx: AppContext, site: Site, range: Range): Promise<Map<string, Figures>> {
  const { days, throughDay } = await rawDays(ctx, site, range);
  const byDay = new Map<string, Figures>();
  if (range.from <= throughDay) for (const r of await repo.totalsByDay(ctx.db.k, site, range.from, throughDay)) byDay.set(r.day, r);
  for (const day of days) {
    const total = computeDay(await dayEvents(ctx.db.k, site, day, 'total'), 'total')[0];
    if (total) byDay.set(day, total);
  }
  return byDay;
}

async function summary(ctx: AppContext, site: Site, range: Range): Promise<{ totals: Totals; series: SeriesPoint[] }> {
  const byDay = await figuresByDay(ctx, site, range);
  const sum = zero();
  const series = daysBetween(range.from, range.to).map((day) => {
    const f = byDay.get(day) ?? zero();
    add(sum, f);
    return { day, visitors: f.visitors, pageviews: f.pageviews };
  });
  const totals: Totals = {
    visitors: sum.visitors,
    pageviews: sum.pageviews,
    sessions: sum.sessions,
    bounceRate: rate(sum.bounces, sum.sessions),
    avgEngagedMs: avg(sum.engagedMs, sum.pageviews),
    featureEvents: sum.events,
  };
  return { totals, series };
}

export async function dashboard(ctx: AppContext, site: Site, q: RangeQuery & { compare?: 'previous' | 'none' | undefined }): Promise<Dashboard> {
  const range = resolveRange(ctx.clock.now(), q);
  const current = await summary(ctx, site, range);
  if (q.compare !== 'previous') return { ...range, ...current, previous: null, previousSeries: null };
  const prevRange = previousRange(range);
  const prev = await summary(ctx, site, prevRange);
  return { ...range, ...current, previous: { ...prev.totals, ...prevRange }, previousSeries: prev.series };
}

/** The top values of one breakdown over the range, most visitors first. */
export async function breakdown(ctx: AppContext, site: Site, q: RangeQuery & { dimension: Exclude<Dimension, 'total'>; limit?: number | undefined }): Promise<{ data: BreakdownRow[] }> {
  const range = resolveRange(ctx.clock.now(), q);
  const { days, throughDay } = await rawDays(ctx, site, range);
  const byValue = new Map<string, Figures>();
  const merge = (value: string, f: Figures): void => {
    const into = byValue.get(value);
    if (into) add(into, f);
    else byValue.set(value, { ...zero(), ...f });
  };
  if (range.from <= throughDay) for (const r of await repo.sumsByValue(ctx.db.k, site, q.dimension, range.from, throughDay)) merge(r.value, r);
  for (const day of days) for (const f of computeDay(await dayEvents(ctx.db.k, site, day, q.dimension), q.dimension)) merge(f.value, f);
  const rows = [...byValue].map(([value, f]) => ({ value, f }));
  rows.sort((a, b) => b.f.visitors - a.f.visitors || b.f.pageviews - a.f.pageviews || b.f.events - a.f.events || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    data: rows.slice(0, q.limit ?? 10).map(({ value, f }) => ({
      value,
      visitors: f.visitors,
      pageviews: f.pageviews,
      bounceRate: rate(f.bounces, f.sessions),
      avgEngagedMs: avg(f.engagedMs, f.pageviews),
      events: f.events,
    })),
  };
}

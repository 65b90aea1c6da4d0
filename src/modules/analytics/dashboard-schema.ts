import { z } from 'zod';
import type { Dimension } from './tables.js';

/** Query and answer shapes of the analytics dashboard routes. */

const day = z.iso.date().describe('YYYY-MM-DD (UTC)');

export const rangeQuery = z.object({
  from: day.optional().describe('First day (UTC), default 29 days before `to`'),
  to: day.optional().describe('Last day (UTC), included; default today. At most 400 days after `from`'),
});

export const dashboardQuery = rangeQuery.extend({
  compare: z.enum(['previous', 'none']).default('none').describe('previous: also the range of equal length just before'),
});

/** Every dimension of the aggregates except the total. */
export const BREAKDOWNS = ['page', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'country', 'browser', 'os', 'device', 'feature'] as const satisfies readonly Dimension[];
export type Breakdown = (typeof BREAKDOWNS)[number];

export const breakdownQuery = rangeQuery.extend({
  dimension: z.enum(BREAKDOWNS).default('page'),
  limit: z.coerce.number().int().min(1).max(500).default(10),
});

const totals = z.object({
  visitors: z.number().int().describe('Sum of each day’s unique visitors'),
  pageviews: z.number().int(),
  sessions: z.number().int(),
  bounceRate: z.number().describe('Share of sessions with one page view, no feature use and under 10 s engaged, 0 to 1'),
  avgEngagedMs: z.number().int().describe('Average visible time per page view'),
  featureEvents: z.number().int(),
});

const series = z.array(z.object({ day: z.string(), visitors: z.number().int(), pageviews: z.number().int() }));

export const dashboardAnswer = z.object({
  from: z.string(),
  to: z.string(),
  totals,
  previous: totals.extend({ from: z.string(), to: z.string() }).nullable(),
  series,
  previousSeries: series.nullable(),
});

export const breakdownAnswer = z.object({
  data: z.array(
    z.object({
      value: z.string().describe("The path, host, tag, country code, browser, OS, device or feature; '' = none (a direct visit, no tag)"),
      visitors: z.number().int(),
      pageviews: z.number().int(),
      bounceRate: z.number(),
      avgEngagedMs: z.number().int(),
      events: z.number().int(),
    }),
  ),
});

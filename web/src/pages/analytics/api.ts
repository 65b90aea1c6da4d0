import { api } from '../../api/client';

/** Shapes of /api/v1/analytics/* and their platform twins (src/modules/analytics/dashboard-schema.ts). */

export type AnalyticsScope = 'workspace' | 'platform';

export const BREAKDOWNS = [
  'page',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'country',
  'browser',
  'os',
  'device',
  'feature',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface Totals {
  visitors: number;
  pageviews: number;
  sessions: number;
  bounceRate: number;
  avgEngagedMs: number;
  featureEvents: number;
}

export interface SeriesPoint {
  day: string;
  visitors: number;
  pageviews: number;
}

export interface DashboardData {
  from: string;
  to: string;
  totals: Totals;
  previous: (Totals & { from: string; to: string }) | null;
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

export type AnalyticsMode = 'hash' | 'none';

export interface AnalyticsSettings {
  mode: AnalyticsMode;
  retentionMonths: number;
}

export interface Range {
  from: string;
  to: string;
}

const base = (scope: AnalyticsScope) => (scope === 'platform' ? '/api/v1/platform/analytics' : '/api/v1/analytics');

export const analyticsApi = {
  dashboard: (scope: AnalyticsScope, range: Range, compare: boolean) =>
    api<DashboardData>(
      `${base(scope)}/dashboard?${new URLSearchParams({ ...range, compare: compare ? 'previous' : 'none' }).toString()}`,
    ),
  breakdown: (scope: AnalyticsScope, dimension: Breakdown, range: Range, limit = 10) =>
    api<{ data: BreakdownRow[] }>(
      `${base(scope)}/breakdown?${new URLSearchParams({ ...range, dimension, limit: String(limit) }).toString()}`,
    ),
  settings: (scope: AnalyticsScope) => api<AnalyticsSettings>(`${base(scope)}/settings`),
  updateSettings: (scope: AnalyticsScope, body: Partial<AnalyticsSettings>) =>
    api<AnalyticsSettings>(`${base(scope)}/settings`, { method: 'PATCH', body }),
};

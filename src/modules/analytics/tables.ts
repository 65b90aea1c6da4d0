/** Row types of the analytics tables (migration 0013). Times ISO strings; `day` is `YYYY-MM-DD` (UTC). */

export const EVENT_TYPES = ['pageview', 'feature'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** `hash`: visitors without analytics consent are counted by a daily salted hash; `none`: not at all. */
export const ANALYTICS_MODES = ['hash', 'none'] as const;
export type AnalyticsMode = (typeof ANALYTICS_MODES)[number];

/** Breakdowns kept in the daily aggregates; `total` has the single value `''`. */
export const DIMENSIONS = ['total', 'page', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'country', 'browser', 'os', 'device', 'feature'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface AnalyticsEventsTable {
  /** Integer key (bigserial on PostgreSQL, read back as a string there). */
  id: number | string;
  /** Null: the platform's own site. */
  workspace_id: string | null;
  occurred_at: string;
  day: string;
  type: EventType;
  /** Random id the snippet mints per page view; heartbeats add engaged time to that page view. */
  page_id: string | null;
  /** The consented visitor id cookie; null when the visitor did not allow analytics. */
  visitor_id: string | null;
  /** Without consent: hash of (IP, user agent, site) under that day's salt, meaningless once the salt is gone. */
  visitor_hash: string | null;
  hostname: string | null;
  path: string;
  referrer_host: string | null;
  referrer_path: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  /** ISO 3166-1 alpha-2 from the offline IP database; the IP itself is never stored. */
  country: string | null;
  browser: string | null;
  os: string | null;
  /** desktop, mobile or tablet. */
  device: string | null;
  time_zone: string | null;
  /** For `feature` events: the feature's name. */
  feature: string | null;
  engaged_ms: number;
}

/** A consented visitor id and whom it was linked to (at sign-in, or by a form or consent with an email). */
export interface AnalyticsVisitorsTable {
  id: string;
  workspace_id: string | null;
  visitor_id: string;
  user_id: string | null;
  contact_id: string | null;
  first_seen_at: string;
  linked_at: string | null;
}

export interface AnalyticsSaltsTable {
  day: string;
  salt: string;
  created_at: string;
}

export interface AnalyticsDailyTable {
  workspace_id: string | null;
  day: string;
  dimension: Dimension;
  value: string;
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  engaged_ms: number;
  events: number;
}

export interface AnalyticsTables {
  analytics_events: AnalyticsEventsTable;
  analytics_visitors: AnalyticsVisitorsTable;
  analytics_salts: AnalyticsSaltsTable;
  analytics_daily: AnalyticsDailyTable;
}

import type { DialectName } from '../../db/dialect.js';
import { DATAMAP } from '../privacy/datamap.js';

/**
 * What the retention engine acts on, read from the data map: every table whose `retention` has
 * `days` and `after` loses its rows that many days after that time. Three kinds of data have rules
 * of their own: accounts (24 months of inactivity, a warning first, then erasure through the privacy
 * engine so legal holds apply), unconverted demo requests, and raw analytics (the analytics module's
 * retention, which rolls a day up before deleting it).
 */

/** Accounts: the data map's period for `users` (730 days = 24 months), the warning this many days before. */
export const WARN_DAYS_BEFORE = 30;
/** Tables whose rows a dedicated rule handles (or whose own module deletes them). */
const DEDICATED = new Set(['users', 'retention_notices', 'form_submissions', 'analytics_events', 'analytics_visitors', 'analytics_salts', 'analytics_daily']);

export interface TablePolicy {
  table: string;
  days: number;
  after: string;
  summary: string;
}

export function accountDays(): number {
  return DATAMAP.users?.retention.days ?? 730;
}

/**
 * Unconverted demo requests on the platform's own form: the data map's period for
 * `form_submissions` (a year, then nobody is going to follow them up). Only those rows: a
 * workspace's submissions are the workspace's to keep, so the table is not swept generically.
 */
export function demoRequestDays(): number {
  const days = DATAMAP.form_submissions?.retention.days;
  if (days === undefined) throw new Error('the data map gives form_submissions no retention period');
  return days;
}

/** The generic row policies, in table-name order. */
export function tablePolicies(dialect: DialectName): TablePolicy[] {
  const out: TablePolicy[] = [];
  for (const [table, e] of Object.entries(DATAMAP).sort(([a], [b]) => a.localeCompare(b))) {
    if (DEDICATED.has(table) || (e.dialect && e.dialect !== dialect)) continue;
    if (e.retention.days === undefined || !e.retention.after) continue;
    out.push({ table, days: e.retention.days, after: e.retention.after, summary: e.retention.summary });
  }
  return out;
}

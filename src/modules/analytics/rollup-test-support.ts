import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AnalyticsEventsTable } from './tables.js';

/** Test support: raw events written straight into analytics_events, as ingestion would store them. */

export type EventSeed = Partial<Omit<AnalyticsEventsTable, 'id' | 'day'>> & { occurred_at: string };

let seq = 0;

export function event(e: EventSeed): Omit<AnalyticsEventsTable, 'id'> {
  seq += 1;
  return {
    workspace_id: null,
    day: e.occurred_at.slice(0, 10),
    type: 'pageview',
    page_id: `pg_${String(seq).padStart(16, '0')}`,
    visitor_id: null,
    visitor_hash: null,
    hostname: 'site.example',
    path: '/',
    referrer_host: null,
    referrer_path: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_term: null,
    utm_content: null,
    country: null,
    browser: null,
    os: null,
    device: null,
    time_zone: null,
    feature: null,
    engaged_ms: 0,
    ...e,
  };
}

export async function insertEvents(k: Kysely<Database>, seeds: EventSeed[]): Promise<void> {
  // No id: the database numbers the rows (an undefined value leaves the column out of the insert).
  const rows = seeds.map((s) => ({ ...event(s), id: undefined as unknown as number }));
  for (let i = 0; i < rows.length; i += 200) await k.insertInto('analytics_events').values(rows.slice(i, i + 200)).execute();
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Figures } from './rollup-compute.js';
import { siteIs, type Site } from './rollup-repo.js';
import type { Dimension } from './tables.js';

/** SQL of the dashboard: reads of the daily aggregates only (raw days go through rollup-repo). */

export interface DayFigures extends Figures {
  day: string;
}

export interface ValueFigures extends Figures {
  value: string;
}

/** The site's aggregated total per day in [from, to]. */
export async function totalsByDay(k: Kysely<Database>, site: Site, from: string, to: string): Promise<DayFigures[]> {
  const rows = await k
    .selectFrom('analytics_daily')
    .select(['day', 'visitors', 'pageviews', 'sessions', 'bounces', 'engaged_ms', 'events'])
    .where(siteIs(site))
    .where('dimension', '=', 'total')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, visitors: r.visitors, pageviews: r.pageviews, sessions: r.sessions, bounces: r.bounces, engagedMs: Number(r.engaged_ms), events: r.events }));
}

/** One breakdown's aggregates in [from, to], summed per value. */
export async function sumsByValue(k: Kysely<Database>, site: Site, dimension: Dimension, from: string, to: string): Promise<ValueFigures[]> {
  const rows = await k
    .selectFrom('analytics_daily')
    .select([
      'value',
      sql<number>`sum(visitors)`.as('visitors'),
      sql<number>`sum(pageviews)`.as('pageviews'),
      sql<number>`sum(sessions)`.as('sessions'),
      sql<number>`sum(bounces)`.as('bounces'),
      sql<number>`sum(engaged_ms)`.as('engaged_ms'),
      sql<number>`sum(events)`.as('events'),
    ])
    .where(siteIs(site))
    .where('dimension', '=', dimension)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('value')
    .execute();
  // PostgreSQL's sum() of integers is bigint/numeric: read back as numbers (db.ts), made sure of here.
  return rows.map((r) => ({ value: r.value, visitors: Number(r.visitors), pageviews: Number(r.pageviews), sessions: Number(r.sessions), bounces: Number(r.bounces), engagedMs: Number(r.engaged_ms), events: Number(r.events) }));
}

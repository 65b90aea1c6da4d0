import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { columnsFor, type DailyFigure, type RawEvent } from './rollup-compute.js';
import type { Dimension } from './tables.js';

/** SQL of the daily aggregates. A site is a workspace id, or null for the platform's own site. */
export type Site = string | null;

/** `workspace_id` matches the site; `= null` would match nothing, so the platform needs `is null`. */
export function siteIs(site: Site, column = 'workspace_id'): Expression<SqlBool> {
  return site === null ? sql<SqlBool>`${sql.ref(column)} is null` : sql<SqlBool>`${sql.ref(column)} = ${site}`;
}

/**
 * One day's raw events of a site, only the columns the figures of `only` (or of every breakdown)
 * read: today's events are read on every dashboard request, and fewer columns read faster. The
 * columns left out are absent from the rows, which the figures for `only` never look at.
 */
export function dayEvents(k: Kysely<Database>, site: Site, day: string, only?: Dimension): Promise<RawEvent[]> {
  return k.selectFrom('analytics_events').select(columnsFor(only)).where(siteIs(site)).where('day', '=', day).execute();
}

/**
 * The days in [from, to] on which the site has raw events, found by one index seek per day
 * (a loose index scan) instead of reading every event of the range.
 */
export async function eventDays(k: Kysely<Database>, site: Site, from: string, to: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    let q = k.selectFrom('analytics_events').select((eb) => eb.fn.min('day').as('day')).where(siteIs(site)).where('day', '<=', to);
    q = after === null ? q.where('day', '>=', from) : q.where('day', '>', after);
    const row = await q.executeTakeFirst();
    if (!row?.day) return out;
    out.push(row.day);
    after = row.day;
  }
}

/** The days in [from, to] whose aggregates exist (each aggregated day has its total row). */
export async function aggregatedDays(k: Kysely<Database>, site: Site, from: string, to: string): Promise<Set<string>> {
  const rows = await k
    .selectFrom('analytics_daily')
    .select('day')
    .where(siteIs(site))
    .where('dimension', '=', 'total')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return new Set(rows.map((r) => r.day));
}

/** Serialises rewrites of one site's day on PostgreSQL; SQLite runs one writer at a time already. */
async function lockDay(k: Kysely<Database>, dialect: DialectName, site: Site, day: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`analytics_daily:${site ?? ''}:${day}`}))`.execute(k);
}

// Ten columns a row: 500 rows stay well under either database's limit on bound parameters.
const INSERT_CHUNK = 500;

/**
 * Replaces a site's aggregates of one day. Call inside a transaction: a unique key cannot guard
 * these rows (workspace_id is null for the platform, and nulls never collide), so delete and
 * insert under a lock are what keep a day's rows single.
 */
export async function replaceDay(trx: Kysely<Database>, dialect: DialectName, site: Site, day: string, figures: DailyFigure[]): Promise<void> {
  await lockDay(trx, dialect, site, day);
  await trx.deleteFrom('analytics_daily').where(siteIs(site)).where('day', '=', day).execute();
  const rows = figures.map((f) => ({
    workspace_id: site,
    day,
    dimension: f.dimension,
    value: f.value,
    visitors: f.visitors,
    pageviews: f.pageviews,
    sessions: f.sessions,
    bounces: f.bounces,
    engaged_ms: f.engagedMs,
    events: f.events,
  }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto('analytics_daily').values(rows.slice(i, i + INSERT_CHUNK)).execute();
}

/** Every site: the platform's own and each workspace's, with its raw-event retention. */
export async function sites(k: Kysely<Database>): Promise<{ site: Site; retentionMonths: number | null }[]> {
  const rows = await k.selectFrom('workspaces').select(['id', 'analytics_retention_months']).orderBy('id').execute();
  return [{ site: null, retentionMonths: null }, ...rows.map((r) => ({ site: r.id, retentionMonths: r.analytics_retention_months }))];
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { siteIs, type Site } from './rollup-repo.js';

/** SQL of the raw-event retention: small deletes, each its own statement, so no lock is held for long. */

/** The site's oldest day with raw events before `before`, or null. */
export async function oldestEventDay(k: Kysely<Database>, site: Site, before: string): Promise<string | null> {
  const row = await k.selectFrom('analytics_events').select((eb) => eb.fn.min('day').as('day')).where(siteIs(site)).where('day', '<', before).executeTakeFirst();
  return row?.day ?? null;
}

/** Whether the site's day has its aggregates (the total row every aggregated day has). */
export async function hasAggregates(k: Kysely<Database>, site: Site, day: string): Promise<boolean> {
  const row = await k.selectFrom('analytics_daily').select('day').where(siteIs(site)).where('dimension', '=', 'total').where('day', '=', day).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Deletes up to `limit` raw events of one site's day; returns how many. */
export async function deleteDayBatch(k: Kysely<Database>, site: Site, day: string, limit: number): Promise<number> {
  // PostgreSQL has no DELETE … LIMIT: the ids are picked by a subquery on both databases.
  const ids = k.selectFrom('analytics_events').select('id').where(siteIs(site)).where('day', '=', day).limit(limit);
  const res = await k.deleteFrom('analytics_events').where('id', 'in', ids).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Deletes up to `limit` of the site's visitor ids first seen before `seenBefore` that no account or
 * contact is linked to and no raw event names any more; returns how many.
 */
export async function deleteOrphanVisitors(k: Kysely<Database>, site: Site, seenBefore: string, limit: number): Promise<number> {
  const ids = k
    .selectFrom('analytics_visitors as v')
    .select('v.id')
    .where(siteIs(site, 'v.workspace_id'))
    .where('v.user_id', 'is', null)
    .where('v.contact_id', 'is', null)
    .where('v.first_seen_at', '<', seenBefore)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('analytics_events as e').select('e.id').whereRef('e.visitor_id', '=', 'v.visitor_id').where(siteIs(site, 'e.workspace_id')))))
    .limit(limit);
  const res = await k.deleteFrom('analytics_visitors').where('id', 'in', ids).executeTakeFirst();
  return Number(res.numDeletedRows);
}

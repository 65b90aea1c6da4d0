import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { AnalyticsVisitorsTable } from './tables.js';

/** SQL of the visitor links (analytics_visitors). */
export type VisitorRow = Selectable<AnalyticsVisitorsTable>;

/**
 * Serialises writes of one visitor id in one site until the transaction ends. The table has no
 * unique key on (site, visitor id), so two sign-ins racing on PostgreSQL would otherwise both
 * insert; SQLite runs one writing transaction at a time already.
 */
export async function lockVisitor(k: Kysely<Database>, dialect: DialectName, workspaceId: string | null, visitorId: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`analytics_visitors:${workspaceId ?? ''}:${visitorId}`}))`.execute(k);
}

/** The visitor's rows in one site (the platform's when `workspaceId` is null), oldest first. */
export function findVisitor(k: Kysely<Database>, workspaceId: string | null, visitorId: string): Promise<VisitorRow | undefined> {
  let q = k.selectFrom('analytics_visitors').selectAll().where('visitor_id', '=', visitorId);
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  return q.orderBy('first_seen_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function insertVisitor(k: Kysely<Database>, row: VisitorRow): Promise<void> {
  await k.insertInto('analytics_visitors').values(row).execute();
}

export async function setVisitorLink(k: Kysely<Database>, id: string, link: { user_id?: string; contact_id?: string; linked_at: string }): Promise<void> {
  await k.updateTable('analytics_visitors').set(link).where('id', '=', id).execute();
}

/** The contact a visitor id of a workspace's site was linked to, if any. */
export async function visitorContact(k: Kysely<Database>, workspaceId: string, visitorId: string): Promise<string | null> {
  const r = await k.selectFrom('analytics_visitors').select('contact_id').where('workspace_id', '=', workspaceId).where('visitor_id', '=', visitorId).executeTakeFirst();
  return r?.contact_id ?? null;
}

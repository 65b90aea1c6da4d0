import { CompiledQuery, sql, type Insertable, type Kysely } from 'kysely';
import { eachRow } from '../../db/db.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { findVisitor, insertVisitor } from './link-repo.js';
import type { AnalyticsEventsTable, AnalyticsMode } from './tables.js';

/** SQL of the analytics ingestion: event batches, engaged time, consented visitors, salts, settings. */
export type EventRow = Omit<Insertable<AnalyticsEventsTable>, 'id'>;

/** Longest engaged time one page view can add up to, whatever heartbeats claim. */
export const ENGAGED_TOTAL_CAP_MS = 4 * 60 * 60_000;

type Where = Kysely<Database>;

const siteIs = (workspaceId: string | null) =>
  workspaceId === null ? sql<boolean>`workspace_id is null` : sql<boolean>`workspace_id = ${workspaceId}`;

export async function existingWorkspaces(k: Where, ids: string[]): Promise<string[]> {
  return (await k.selectFrom('workspaces').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

/** Every column but the generated id, in the order of the hand-written INSERT below. */
const EVENT_COLUMNS = [
  'workspace_id', 'occurred_at', 'day', 'type', 'page_id', 'visitor_id', 'visitor_hash', 'hostname', 'path', 'referrer_host', 'referrer_path',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'country', 'browser', 'os', 'device', 'time_zone', 'feature', 'engaged_ms',
] as const satisfies readonly (keyof EventRow)[];

/**
 * Rows per INSERT on PostgreSQL, largest first. A batch is cut into these sizes so the statement texts stay few
 * (each is prepared once and reused); 1,000 rows of 23 values stay under both databases' parameter limits.
 */
const CHUNKS = [1000, 100, 10, 1];
const insertTexts = new Map<string, string>();

function insertText(dialect: DialectName, rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    const width = EVENT_COLUMNS.length;
    const tuple = (r: number): string => `(${EVENT_COLUMNS.map((_, c) => (dialect === 'postgres' ? `$${r * width + c + 1}` : '?')).join(', ')})`;
    text = `insert into analytics_events (${EVENT_COLUMNS.join(', ')}) values ${Array.from({ length: rows }, (_, r) => tuple(r)).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

/**
 * A row's values in EVENT_COLUMNS order, field by field: looking each column up by name in a loop
 * was most of the JavaScript time of a batch write.
 */
function pushValues(out: unknown[], r: EventRow): unknown[] {
  out.push(
    r.workspace_id ?? null, r.occurred_at, r.day, r.type, r.page_id ?? null, r.visitor_id ?? null, r.visitor_hash ?? null, r.hostname ?? null, r.path,
    r.referrer_host ?? null, r.referrer_path ?? null, r.utm_source ?? null, r.utm_medium ?? null, r.utm_campaign ?? null, r.utm_term ?? null, r.utm_content ?? null,
    r.country ?? null, r.browser ?? null, r.os ?? null, r.device ?? null, r.time_zone ?? null, r.feature ?? null, r.engaged_ms ?? null,
  );
  return out;
}

/**
 * Appends a batch. Written as SQL text built once per size rather than through the query builder:
 * building a thousand-row INSERT value by value costs more than the insert itself.
 */
export async function insertEvents(k: Where, dialect: DialectName, rows: EventRow[]): Promise<void> {
  if (dialect === 'sqlite') {
    // One row a statement, all in one driver call: a multi-row INSERT makes SQLite keep a statement
    // journal for the indexed table, and one row at a time measured a fifth less time per event.
    if (rows.length === 0) return;
    await k.executeQuery(eachRow(insertText(dialect, 1), rows.map((r) => pushValues([], r))));
    return;
  }
  let i = 0;
  for (const size of CHUNKS) {
    for (; rows.length - i >= size; i += size) {
      const params: unknown[] = [];
      for (let r = i; r < i + size; r++) pushValues(params, rows[r] as EventRow);
      await k.executeQuery(CompiledQuery.raw(insertText(dialect, size), params));
    }
  }
}

/** Adds heartbeat time to the page views of one site with this page id, capped per page view. */
export async function addEngaged(k: Where, workspaceId: string | null, pageId: string, ms: number): Promise<void> {
  const cap = ENGAGED_TOTAL_CAP_MS;
  await k
    .updateTable('analytics_events')
    .set({ engaged_ms: sql<number>`case when engaged_ms + ${ms} > ${cap} then ${cap} else engaged_ms + ${ms} end` })
    .where('page_id', '=', pageId)
    .where('type', '=', 'pageview')
    .where(siteIs(workspaceId))
    .execute();
}

/**
 * Records a consented visitor id on first sight; a known one is left as it is. The caller holds
 * link-repo's per-visitor lock, the one sign-in linking takes, since the table has no unique key
 * on (site, visitor id). Returns whether it was new.
 */
export async function addVisitorIfMissing(k: Where, workspaceId: string | null, visitorId: string, at: string): Promise<boolean> {
  if (await findVisitor(k, workspaceId, visitorId)) return false;
  await insertVisitor(k, { id: newId('avs'), workspace_id: workspaceId, visitor_id: visitorId, user_id: null, contact_id: null, first_seen_at: at, linked_at: null });
  return true;
}

/**
 * Whether the visitor's latest analytics choice on this site is a grant. Read here rather than
 * through the consent gate, which logs a decision per call: this runs for every tracked page view.
 */
export async function analyticsGranted(k: Where, workspaceId: string | null, visitorId: string): Promise<boolean> {
  const row = await k
    .selectFrom('consent_records')
    .select('granted')
    .where('visitor_id', '=', visitorId)
    .where('purpose', '=', 'analytics')
    .where(siteIs(workspaceId))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.granted === 1;
}

/**
 * Is this visitor id linked to a person whose processing is restricted (policy §6: no analytics
 * while restricted)? The account on the platform's site, the contact on a workspace's.
 */
export async function visitorRestricted(k: Where, workspaceId: string | null, visitorId: string): Promise<boolean> {
  const row =
    workspaceId === null
      ? await k
          .selectFrom('analytics_visitors as v')
          .innerJoin('users as u', 'u.id', 'v.user_id')
          .select('v.id')
          .where('v.visitor_id', '=', visitorId)
          .where('v.workspace_id', 'is', null)
          .where('u.restricted', '=', 1)
          .limit(1)
          .executeTakeFirst()
      : await k
          .selectFrom('analytics_visitors as v')
          .innerJoin('contacts as c', 'c.id', 'v.contact_id')
          .select('v.id')
          .where('v.visitor_id', '=', visitorId)
          .where('v.workspace_id', '=', workspaceId)
          .where('c.restricted', '=', 1)
          .limit(1)
          .executeTakeFirst();
  return row !== undefined;
}

export async function insertSaltIfMissing(k: Where, day: string, salt: string, at: string): Promise<void> {
  await k.insertInto('analytics_salts').values({ day, salt, created_at: at }).onConflict((oc) => oc.column('day').doNothing()).execute();
}

export async function findSalt(k: Where, day: string): Promise<string | undefined> {
  return (await k.selectFrom('analytics_salts').select('salt').where('day', '=', day).executeTakeFirst())?.salt;
}

/** Deletes the salts of the days up to and including `lastDay`; returns how many. */
export async function deleteSaltsThrough(k: Where, lastDay: string): Promise<number> {
  const r = await k.deleteFrom('analytics_salts').where('day', '<=', lastDay).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface SiteRow {
  mode: AnalyticsMode;
  retentionMonths: number;
}

export async function workspaceSettings(k: Where, workspaceId: string): Promise<SiteRow | undefined> {
  const r = await k.selectFrom('workspaces').select(['analytics_mode', 'analytics_retention_months']).where('id', '=', workspaceId).executeTakeFirst();
  return r ? { mode: r.analytics_mode, retentionMonths: r.analytics_retention_months } : undefined;
}

export async function setWorkspaceSettings(k: Where, workspaceId: string, s: SiteRow, at: string): Promise<void> {
  await k.updateTable('workspaces').set({ analytics_mode: s.mode, analytics_retention_months: s.retentionMonths, updated_at: at }).where('id', '=', workspaceId).execute();
}

export const PLATFORM_KEYS = { mode: 'analytics_mode', retentionMonths: 'analytics_retention_months' } as const;

export async function platformValues(k: Where): Promise<Record<string, string>> {
  const rows = await k.selectFrom('platform_settings').select(['key', 'value']).where('key', 'in', Object.values(PLATFORM_KEYS)).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function setPlatformValue(k: Where, key: string, value: string, at: string): Promise<void> {
  await k
    .insertInto('platform_settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

/** Events of a workspace's site after an event id that carry a visitor id (consented tracking only), oldest first. */
export function consentedEventsAfter(k: Where, workspaceId: string, after: string | null, limit: number) {
  let q = k
    .selectFrom('analytics_events')
    .select(['id', 'occurred_at', 'type', 'visitor_id', 'path', 'hostname', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'engaged_ms'])
    .where('workspace_id', '=', workspaceId)
    .where('visitor_id', 'is not', null);
  if (after) q = q.where('id', '>', Number(after));
  return q.orderBy('id').limit(limit).execute();
}

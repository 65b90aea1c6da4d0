import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { RetentionNoticesTable } from './retention-tables.js';

/** SQL of the retention engine. Table and column names come from the data map, never from input. */

export interface InactiveUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  lastActive: string;
}

/** Active, non-operator accounts whose last activity (or sign-up, if none) is before `cutoff`. */
export async function inactiveUsers(k: Kysely<Database>, cutoff: string): Promise<InactiveUser[]> {
  const rows = await k
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', sql<string>`coalesce(last_active_at, created_at)`.as('last_active')])
    .where('status', '=', 'active')
    .where('is_platform_operator', '=', 0)
    .where(sql<boolean>`coalesce(last_active_at, created_at) < ${cutoff}`)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, locale: r.locale, lastActive: r.last_active }));
}

/** The latest warning of each of these users. */
export async function latestNotices(k: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, RetentionNoticesTable>> {
  const out = new Map<string, RetentionNoticesTable>();
  if (!userIds.length) return out;
  const rows = await k.selectFrom('retention_notices').selectAll().where('user_id', 'in', [...userIds]).orderBy('warned_at').execute();
  for (const r of rows) out.set(r.user_id, r);
  return out;
}

export async function insertNotice(k: Kysely<Database>, row: RetentionNoticesTable): Promise<void> {
  await k.insertInto('retention_notices').values(row).execute();
}

/** Keys of the rows of `table` whose `after` time is before `cutoff`, in key order (the primary key's index, no sort). */
export async function expiredKeys(k: Kysely<Database>, table: string, key: string, after: string, cutoff: string, limit: number): Promise<string[]> {
  const r = await sql<{ k: string | number }>`select ${sql.ref(key)} as k from ${sql.table(table)}
    where ${sql.ref(after)} < ${cutoff} order by ${sql.ref(key)} limit ${limit}`.execute(k);
  return r.rows.map((x) => String(x.k));
}

export async function countExpired(k: Kysely<Database>, table: string, after: string, cutoff: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(after)} < ${cutoff}`.execute(k);
  return Number(r.rows[0]?.n ?? 0);
}

export async function deleteKeys(k: Kysely<Database>, table: string, key: string, keys: readonly string[]): Promise<number> {
  if (!keys.length) return 0;
  const r = await sql`delete from ${sql.table(table)} where ${sql.ref(key)} in (${sql.join(keys.map((x) => sql`${x}`))})`.execute(k);
  return Number(r.numAffectedRows ?? 0);
}

/** Ids of the platform demo-form submissions sent before `cutoff` whose address never became an account. */
export async function unconvertedDemoRequests(k: Kysely<Database>, cutoff: string, limit: number): Promise<string[]> {
  const rows = await k
    .selectFrom('form_submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .select('s.id')
    .where('s.workspace_id', 'is', null)
    .where('f.kind', '=', 'demo_request')
    .where('s.created_at', '<', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.email', '=', 's.email'))))
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countUnconvertedDemoRequests(k: Kysely<Database>, cutoff: string): Promise<number> {
  const r = await k
    .selectFrom('form_submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.workspace_id', 'is', null)
    .where('f.kind', '=', 'demo_request')
    .where('s.created_at', '<', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.email', '=', 's.email'))))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Raw analytics events of a site before day `before` (what the analytics retention would delete). */
export async function eventsBefore(k: Kysely<Database>, site: string | null, before: string): Promise<number> {
  let q = k.selectFrom('analytics_events').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '<', before);
  q = site === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', site);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

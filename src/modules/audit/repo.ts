import { sql, type Kysely } from 'kysely';
import type { AuditLogTable } from '../../db/core-tables.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';

const HEAD_KEY = 'audit_head';

export async function lockChain(k: Kysely<Database>, dialect: DialectName): Promise<void> {
  // SQLite serialises writers already; PostgreSQL needs one lock so two nodes never fork the chain.
  // Advisory locks are database-wide, so the key names the schema: installations sharing one
  // database in separate schemas each have their own chain and must not queue behind each other.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':audit_chain'))`.execute(k);
}

export async function lastRow(k: Kysely<Database>): Promise<Pick<AuditLogTable, 'seq' | 'hash'> | undefined> {
  return k.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertRow(k: Kysely<Database>, row: AuditLogTable, at: string): Promise<void> {
  await k.insertInto('audit_log').values(row).execute();
  await k
    .insertInto('platform_settings')
    .values({ key: HEAD_KEY, value: `${row.seq}:${row.hash}`, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: `${row.seq}:${row.hash}`, updated_at: at }))
    .execute();
}

export async function readHead(k: Kysely<Database>): Promise<{ seq: number; hash: string } | null> {
  const row = await k.selectFrom('platform_settings').select('value').where('key', '=', HEAD_KEY).executeTakeFirst();
  if (!row) return null;
  const [seq, hash] = row.value.split(':');
  return { seq: Number(seq), hash: hash ?? '' };
}

export function readBatch(k: Kysely<Database>, afterSeq: number, limit: number): Promise<AuditLogTable[]> {
  return k.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export interface AuditQuery {
  workspaceId?: string | null;
  targetType?: string;
  targetId?: string;
  beforeSeq?: number;
  limit: number;
}

export function list(k: Kysely<Database>, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = k.selectFrom('audit_log').selectAll();
  if (q.workspaceId !== undefined) {
    query = q.workspaceId === null ? query.where('workspace_id', 'is', null) : query.where('workspace_id', '=', q.workspaceId);
  }
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query.orderBy('seq', 'desc').limit(q.limit).execute();
}

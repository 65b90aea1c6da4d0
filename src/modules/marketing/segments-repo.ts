import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { badRequest } from '../../http/errors.js';
import { CONTACT_FIELDS } from '../crm/contacts-repo.js';
import { filterExpr, type CustomFieldTypeLookup, type Filter } from '../crm/list-query.js';
import type { MarketingSegmentsTable } from './campaigns-tables.js';

/** SQL of saved segments: the CRM list filters, plus the contact's current consent per purpose, activity and campaign engagement. */
export type SegmentRow = Selectable<MarketingSegmentsTable>;

const CONSENT_FIELD = /^consent\.(analytics|marketing|personalization|ads)$/;

/**
 * `consent.<purpose> eq true`: the latest consent record for that purpose grants it (the same rule
 * the consent gate applies; restriction is left to the gate, which every send passes anyway).
 */
function consentExpr(f: Filter): Expression<SqlBool> {
  const purpose = CONSENT_FIELD.exec(f.field)?.[1] ?? '';
  if (f.op !== 'eq' && f.op !== 'neq') throw badRequest('validation_failed', 'Consent filters take eq or neq', [{ field: 'body.filters', message: 'unsupported operator' }]);
  const want = f.value === true || f.value === 'true' || f.value === 1;
  if (!want && !(f.value === false || f.value === 'false' || f.value === 0)) throw badRequest('validation_failed', 'A consent filter needs true or false', [{ field: 'body.filters', message: 'must be a boolean' }]);
  const granted = sql<SqlBool>`exists (select 1 from consent_records cr where cr.workspace_id = contacts.workspace_id and cr.contact_id = contacts.id and cr.purpose = ${purpose} and cr.granted = 1
    and not exists (select 1 from consent_records c2 where c2.workspace_id = cr.workspace_id and c2.contact_id = cr.contact_id and c2.purpose = cr.purpose
      and (c2.created_at > cr.created_at or (c2.created_at = cr.created_at and c2.id > cr.id))))`;
  return (f.op === 'eq') === want ? granted : sql<SqlBool>`not ${granted}`;
}

const ACTIVITY_FIELD = 'activity.lastAt';
const EMAIL_FIELD = /^email\.(opened|clicked)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const bad = (message: string) => badRequest('validation_failed', 'Some fields are missing or invalid', [{ field: 'body.filters', message }]);

/**
 * `activity.lastAt`: when the contact's latest activity (note, task, call, meeting) was logged —
 * `gt`/`gte`/`lt`/`lte` an ISO date or time, or `is_empty` for contacts with none. Compared as
 * ISO text on SQLite and as a timestamp on PostgreSQL; a date alone means its first instant.
 */
function activityExpr(f: Filter): Expression<SqlBool> {
  const any = sql<SqlBool>`exists (select 1 from activities a where a.workspace_id = contacts.workspace_id and a.contact_id = contacts.id)`;
  if (f.op === 'is_empty') return sql<SqlBool>`not ${any}`;
  if (f.op === 'is_not_empty') return any;
  const cmp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op as 'gt' | 'gte' | 'lt' | 'lte'] as string | undefined;
  if (!cmp) throw bad('activity.lastAt takes gt, gte, lt, lte, is_empty or is_not_empty');
  if (typeof f.value !== 'string' || !ISO_TIME.test(f.value) || Number.isNaN(Date.parse(f.value))) throw bad('activity.lastAt needs an ISO date or time');
  const at = new Date(f.value).toISOString();
  const last = sql`(select max(a.created_at) from activities a where a.workspace_id = contacts.workspace_id and a.contact_id = contacts.id)`;
  return sql<SqlBool>`${last} ${sql.raw(cmp)} ${at}`;
}

/** `email.opened` / `email.clicked` eq true|false: the contact opened (clicked) any campaign mail (tracked only with consent). */
function emailExpr(f: Filter): Expression<SqlBool> {
  const column = EMAIL_FIELD.exec(f.field)?.[1] === 'clicked' ? 'clicked_at' : 'opened_at';
  if (f.op !== 'eq' && f.op !== 'neq') throw bad('email filters take eq or neq');
  const want = f.value === true || f.value === 'true' || f.value === 1;
  if (!want && !(f.value === false || f.value === 'false' || f.value === 0)) throw bad('an email filter needs true or false');
  const did = sql<SqlBool>`exists (select 1 from marketing_sends s where s.workspace_id = contacts.workspace_id and s.contact_id = contacts.id and ${sql.ref(`s.${column}`)} is not null)`;
  return (f.op === 'eq') === want ? did : sql<SqlBool>`not ${did}`;
}

function expr(dialect: DialectName, f: Filter, custom: CustomFieldTypeLookup): Expression<SqlBool> {
  if (CONSENT_FIELD.test(f.field)) return consentExpr(f);
  if (f.field === ACTIVITY_FIELD) return activityExpr(f);
  if (EMAIL_FIELD.test(f.field)) return emailExpr(f);
  return filterExpr(dialect, 'contacts', CONTACT_FIELDS, f, custom);
}

/** Contacts of the workspace matching every filter. */
export function audience(k: Kysely<Database>, dialect: DialectName, workspaceId: string, filters: Filter[], custom: CustomFieldTypeLookup) {
  let q = k.selectFrom('contacts').where('contacts.workspace_id', '=', workspaceId);
  for (const f of filters) q = q.where(expr(dialect, f, custom));
  return q;
}

export async function count(k: Kysely<Database>, dialect: DialectName, workspaceId: string, filters: Filter[], custom: CustomFieldTypeLookup): Promise<number> {
  const r = await audience(k, dialect, workspaceId, filters, custom).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Matching contact ids after `after`, in id order (the sender reads audiences in pages). */
export async function memberIds(k: Kysely<Database>, dialect: DialectName, workspaceId: string, filters: Filter[], custom: CustomFieldTypeLookup, after: string, limit: number): Promise<string[]> {
  const rows = await audience(k, dialect, workspaceId, filters, custom).select('contacts.id').where('contacts.id', '>', after).orderBy('contacts.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function list(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<SegmentRow[]> {
  let q = k.selectFrom('marketing_segments').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function find(k: Kysely<Database>, workspaceId: string, id: string): Promise<SegmentRow | undefined> {
  return k.selectFrom('marketing_segments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: MarketingSegmentsTable): Promise<void> {
  await k.insertInto('marketing_segments').values(row).execute();
}

export async function update(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<MarketingSegmentsTable>): Promise<void> {
  await k.updateTable('marketing_segments').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('marketing_segments').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { paddedLists, shapedChunks } from './bulk-sql.js';
import type { ContactsTable } from './tables.js';
import { afterCursor, type Cursor, type CustomFieldTypeLookup, type FieldMap, type Filter, filterExpr, keysetPage, type Sort, sortExpr } from './list-query.js';

export type ContactRow = Selectable<ContactsTable>;

/** API field names of a contact that lists can filter and sort on. */
export const CONTACT_FIELDS: FieldMap = {
  id: { column: 'id', type: 'text' },
  firstName: { column: 'first_name', type: 'text' },
  lastName: { column: 'last_name', type: 'text' },
  email: { column: 'email', type: 'text' },
  phone: { column: 'phone', type: 'text' },
  title: { column: 'title', type: 'text' },
  companyId: { column: 'company_id', type: 'text' },
  city: { column: 'city', type: 'text' },
  region: { column: 'region', type: 'text' },
  country: { column: 'country', type: 'text' },
  timeZone: { column: 'time_zone', type: 'text' },
  locale: { column: 'locale', type: 'text' },
  source: { column: 'source', type: 'text' },
  ownerId: { column: 'owner_id', type: 'text' },
  tags: { column: 'tags', type: 'tags' },
  lifecycleStage: { column: 'lifecycle_stage', type: 'text' },
  restricted: { column: 'restricted', type: 'boolean' },
  createdAt: { column: 'created_at', type: 'date' },
  updatedAt: { column: 'updated_at', type: 'date' },
};

export function findById(k: Kysely<Database>, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  return k.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: ContactsTable): Promise<void> {
  await k.insertInto('contacts').values(row).execute();
}

/** Rows per multi-row insert: about 30 parameters each, well inside SQLite's and PostgreSQL's limits. Shaped as bulk-sql.ts says. */
const ROWS_PER_INSERT = 200;
/** Ids per `in (…)` list. */
const IDS_PER_QUERY = 512;


/** New contacts in multi-row inserts. */
export async function insertMany(k: Kysely<Database>, rows: ContactsTable[]): Promise<void> {
  for (const chunk of shapedChunks(rows, ROWS_PER_INSERT)) await k.insertInto('contacts').values(chunk).execute();
}

/** Company links of new contacts (nothing to replace), in multi-row inserts. */
export async function insertCompanyLinks(k: Kysely<Database>, links: { workspaceId: string; contactId: string; companyId: string; at: string }[]): Promise<void> {
  for (const chunk of shapedChunks(links, ROWS_PER_INSERT)) {
    await k
      .insertInto('contact_companies')
      .values(chunk.map((l) => ({ workspace_id: l.workspaceId, contact_id: l.contactId, company_id: l.companyId, role: null, created_at: l.at })))
      .execute();
  }
}

/** Which of these user ids are members of the workspace (owners must be). */
export async function memberUserIds(k: Kysely<Database>, workspaceId: string, userIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const chunk of paddedLists(userIds, IDS_PER_QUERY)) {
    const rows = await k.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', chunk).execute();
    for (const r of rows) out.add(r.user_id);
  }
  return out;
}

export async function update(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<ContactsTable>): Promise<void> {
  await k.updateTable('contacts').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function companyIdsOf(k: Kysely<Database>, contactIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (contactIds.length === 0) return out;
  const rows = await k.selectFrom('contact_companies').select(['contact_id', 'company_id']).where('contact_id', 'in', contactIds).orderBy('created_at').execute();
  for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r.company_id]);
  return out;
}

export async function setCompanies(k: Kysely<Database>, workspaceId: string, contactId: string, companyIds: string[], at: string): Promise<void> {
  await k.deleteFrom('contact_companies').where('contact_id', '=', contactId).execute();
  if (companyIds.length === 0) return;
  await k
    .insertInto('contact_companies')
    .values(companyIds.map((company_id) => ({ workspace_id: workspaceId, contact_id: contactId, company_id, role: null, created_at: at })))
    .execute();
}

/** Which of these ids are companies of the workspace (a foreign id must never link). */
export async function existingCompanyIds(k: Kysely<Database>, workspaceId: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const chunk of paddedLists(ids, IDS_PER_QUERY)) {
    const rows = await k.selectFrom('companies').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

export interface ListArgs {
  workspaceId: string;
  dialect: DialectName;
  filters: Filter[];
  sort: Sort | null;
  cursor: Cursor | null;
  limit: number;
  custom: CustomFieldTypeLookup;
  /** Restrict to these ids (search results). */
  ids?: string[];
}

export async function list(k: Kysely<Database>, a: ListArgs): Promise<{ rows: ContactRow[]; nextCursor: string | null }> {
  const sort = a.sort ?? { field: 'id', dir: 'desc' as const };
  const key = sortExpr(a.dialect, 'contacts', CONTACT_FIELDS, sort, a.custom);
  let q = k.selectFrom('contacts').selectAll('contacts').select(sql<string | number>`${key.expr}`.as('_sort')).where('contacts.workspace_id', '=', a.workspaceId);
  for (const f of a.filters) q = q.where(filterExpr(a.dialect, 'contacts', CONTACT_FIELDS, f, a.custom));
  if (a.ids) q = q.where('contacts.id', 'in', a.ids.length ? a.ids : ['']);
  if (a.cursor) q = q.where(afterCursor(key.expr, 'contacts.id', sort.dir, a.cursor, key.byId));
  if (!key.byId) q = q.orderBy(sql`${key.expr}`, sort.dir);
  const rows = await q.orderBy('contacts.id', sort.dir).limit(a.limit + 1).execute();
  return keysetPage(rows, a.limit);
}

export async function count(k: Kysely<Database>, workspaceId: string): Promise<number> {
  const r = await k.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Contacts with an email, a page at a time by id (what the email and ad audience syncs send). */
export function withEmailPage(k: Kysely<Database>, workspaceId: string, after: string | null, limit: number) {
  let q = k.selectFrom('contacts').select(['id', 'email', 'first_name', 'last_name']).where('workspace_id', '=', workspaceId).where('email', 'is not', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

/** The ids of the workspace's contacts with this address (lower-cased, trimmed comparison). */
export function idsWithEmail(k: Kysely<Database>, workspaceId: string, email: string): Promise<{ id: string }[]> {
  return k
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', [eb.fn('trim', ['email'])]), '=', email.trim().toLowerCase()))
    .execute();
}

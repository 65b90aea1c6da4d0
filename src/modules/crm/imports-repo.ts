import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ImportRowsRejectedTable, ImportsTable } from './imports-tables.js';
import { paddedLists } from './bulk-sql.js';
import { companyKey } from './match-keys.js';

export type ImportRow = Selectable<ImportsTable>;
export type RejectedRow = Selectable<ImportRowsRejectedTable>;

export async function insert(k: Kysely<Database>, row: ImportsTable): Promise<void> {
  await k.insertInto('imports').values(row).execute();
}

export function find(k: Kysely<Database>, workspaceId: string, id: string): Promise<ImportRow | undefined> {
  return k.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** For job handlers, whose payload names the import; the row carries its workspace. */
export function findForJob(k: Kysely<Database>, id: string): Promise<ImportRow | undefined> {
  return k.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function list(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<ImportRow[]> {
  let q = k.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function update(k: Kysely<Database>, id: string, patch: Partial<ImportsTable>): Promise<void> {
  await k.updateTable('imports').set(patch).where('id', '=', id).execute();
}

export interface Counts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

/**
 * Moves the resume point from `from` to `to`, only if nobody else moved it meanwhile (a second
 * worker on the same import): false means this batch must roll back. Run it first in the batch's
 * transaction, so on PostgreSQL the row lock keeps a second worker waiting until this one commits.
 */
export async function claimRows(k: Kysely<Database>, id: string, from: number, to: number): Promise<boolean> {
  const r = await k.updateTable('imports').set({ processed: to }).where('id', '=', id).where('processed', '=', from).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function addCounts(k: Kysely<Database>, id: string, c: Counts): Promise<void> {
  await k
    .updateTable('imports')
    .set((eb) => ({
      created_count: eb('created_count', '+', c.created),
      updated_count: eb('updated_count', '+', c.updated),
      skipped_count: eb('skipped_count', '+', c.skipped),
      error_count: eb('error_count', '+', c.rejected),
    }))
    .where('id', '=', id)
    .execute();
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await k.deleteFrom('import_rows_rejected').where('workspace_id', '=', workspaceId).where('import_id', '=', id).execute();
  await k.deleteFrom('imports').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertRejected(k: Kysely<Database>, rows: ImportRowsRejectedTable[]): Promise<void> {
  if (rows.length) await k.insertInto('import_rows_rejected').values(rows).execute();
}

export function rejected(k: Kysely<Database>, workspaceId: string, importId: string, afterRow: number, limit: number): Promise<RejectedRow[]> {
  return k
    .selectFrom('import_rows_rejected')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Values per `in (…)` look-up (see bulk-sql.ts). */
const LOOKUP_LIST = 512;

export interface ExistingContact {
  id: string;
  email: string | null;
  restricted: number;
  tags: string;
  emails: string;
  phones: string;
  company_id: string | null;
}

/** The oldest contact per email among these (lower-case) addresses. */
export async function contactsByEmail(k: Kysely<Database>, workspaceId: string, emails: string[]): Promise<Map<string, ExistingContact>> {
  const out = new Map<string, ExistingContact>();
  if (emails.length === 0) return out;
  const rows: ExistingContact[] = [];
  for (const list of paddedLists(emails, LOOKUP_LIST)) {
    rows.push(...(await k.selectFrom('contacts').select(['id', 'email', 'restricted', 'tags', 'emails', 'phones', 'company_id']).where('workspace_id', '=', workspaceId).where('email', 'in', list).execute()));
  }
  // Sorted here, not in SQL: `order by id` makes SQLite walk (workspace_id, id) over every contact
  // instead of looking the addresses up in the email index. Ids sort by creation time.
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of rows) if (r.email && !out.has(r.email)) out.set(r.email, r);
  return out;
}

export interface ExistingCompany {
  id: string;
  name: string;
  domain: string | null;
  tags: string;
}

/**
 * Companies by domain, and by lower-case name, the oldest first. Names are looked up through the
 * indexed `name_key` (lower-case names that are equal have equal keys), then compared exactly here;
 * the few names without a key (only a legal form, "PT") fall back to `lower(name)`. No `order by`:
 * it would make SQLite walk every company of the workspace in id order.
 */
export async function companiesByKey(k: Kysely<Database>, workspaceId: string, domains: string[], names: string[]): Promise<{ byDomain: Map<string, ExistingCompany>; byName: Map<string, ExistingCompany> }> {
  const byDomain = new Map<string, ExistingCompany>();
  const byName = new Map<string, ExistingCompany>();
  if (domains.length === 0 && names.length === 0) return { byDomain, byName };
  const keys = new Set<string>();
  const unkeyed: string[] = [];
  for (const n of names) {
    const key = companyKey(n);
    if (key) keys.add(key);
    else unkeyed.push(n);
  }
  const rows: ExistingCompany[] = [];
  const cols = ['id', 'name', 'domain', 'tags'] as const;
  const base = () => k.selectFrom('companies').select(cols).where('workspace_id', '=', workspaceId);
  for (const list of paddedLists(domains, LOOKUP_LIST)) rows.push(...(await base().where('domain', 'in', list).execute()));
  for (const list of paddedLists([...keys], LOOKUP_LIST)) rows.push(...(await base().where('name_key', 'in', list).execute()));
  for (const list of paddedLists(unkeyed, LOOKUP_LIST)) rows.push(...(await base().where(sql<string>`lower(name)`, 'in', list).execute()));
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const wanted = new Set(names);
  const wantedDomains = new Set(domains);
  for (const r of rows) {
    if (r.domain && wantedDomains.has(r.domain) && !byDomain.has(r.domain)) byDomain.set(r.domain, r);
    const n = r.name.toLowerCase();
    if (wanted.has(n) && !byName.has(n)) byName.set(n, r);
  }
  return { byDomain, byName };
}

/** Ids of records an import created, a page at a time (undo); restricted contacts are left alone. */
export async function createdIds(k: Kysely<Database>, workspaceId: string, table: 'contacts' | 'companies', importId: string, limit: number): Promise<string[]> {
  if (table === 'contacts') {
    const rows = await k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('import_id', '=', importId).where('restricted', '=', 0).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }
  const rows = await k.selectFrom('companies').select('id').where('workspace_id', '=', workspaceId).where('import_id', '=', importId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function countCreated(k: Kysely<Database>, workspaceId: string, importId: string): Promise<{ contacts: number; restricted: number; companies: number }> {
  const c = await k
    .selectFrom('contacts')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('restricted').as('r')])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  const co = await k.selectFrom('companies').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('import_id', '=', importId).executeTakeFirstOrThrow();
  const restricted = Number(c.r ?? 0);
  return { contacts: Number(c.n) - restricted, restricted, companies: Number(co.n) };
}

/** Names of companies by id, for the `company` column of a contacts export. */
export async function companyNames(k: Kysely<Database>, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await k.selectFrom('companies').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

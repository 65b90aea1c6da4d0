import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import { shapedChunks } from './bulk-sql.js';
import type { ListArgs } from './contacts-repo.js';
import { afterCursor, type FieldMap, filterExpr, keysetPage, sortExpr } from './list-query.js';
import type { CompaniesTable } from './tables.js';

export type CompanyRow = Selectable<CompaniesTable>;

export const COMPANY_FIELDS: FieldMap = {
  id: { column: 'id', type: 'text' },
  name: { column: 'name', type: 'text' },
  domain: { column: 'domain', type: 'text' },
  industry: { column: 'industry', type: 'text' },
  size: { column: 'size', type: 'text' },
  phone: { column: 'phone', type: 'text' },
  city: { column: 'city', type: 'text' },
  country: { column: 'country', type: 'text' },
  ownerId: { column: 'owner_id', type: 'text' },
  tags: { column: 'tags', type: 'tags' },
  createdAt: { column: 'created_at', type: 'date' },
  updatedAt: { column: 'updated_at', type: 'date' },
};

export function findById(k: Kysely<Database>, workspaceId: string, id: string): Promise<CompanyRow | undefined> {
  return k.selectFrom('companies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function findByDomain(k: Kysely<Database>, workspaceId: string, domain: string): Promise<CompanyRow | undefined> {
  return k.selectFrom('companies').selectAll().where('workspace_id', '=', workspaceId).where('domain', '=', domain).orderBy('id').limit(1).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: CompaniesTable): Promise<void> {
  await k.insertInto('companies').values(row).execute();
}

/** New companies in multi-row inserts (about 20 parameters a row), shaped as bulk-sql.ts says. */
export async function insertMany(k: Kysely<Database>, rows: CompaniesTable[]): Promise<void> {
  for (const chunk of shapedChunks(rows, 200)) await k.insertInto('companies').values(chunk).execute();
}

export async function update(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<CompaniesTable>): Promise<void> {
  await k.updateTable('companies').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('companies').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function contactCounts(k: Kysely<Database>, companyIds: string[]): Promise<Map<string, number>> {
  if (companyIds.length === 0) return new Map();
  const rows = await k
    .selectFrom('contact_companies')
    .select(['company_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('company_id', 'in', companyIds)
    .groupBy('company_id')
    .execute();
  return new Map(rows.map((r) => [r.company_id, Number(r.n)]));
}

export async function list(k: Kysely<Database>, a: ListArgs): Promise<{ rows: CompanyRow[]; nextCursor: string | null }> {
  const sort = a.sort ?? { field: 'id', dir: 'desc' as const };
  const key = sortExpr(a.dialect, 'companies', COMPANY_FIELDS, sort, a.custom);
  let q = k.selectFrom('companies').selectAll('companies').select(sql<string | number>`${key.expr}`.as('_sort')).where('companies.workspace_id', '=', a.workspaceId);
  for (const f of a.filters) q = q.where(filterExpr(a.dialect, 'companies', COMPANY_FIELDS, f, a.custom));
  if (a.ids) q = q.where('companies.id', 'in', a.ids.length ? a.ids : ['']);
  if (a.cursor) q = q.where(afterCursor(key.expr, 'companies.id', sort.dir, a.cursor, key.byId));
  if (!key.byId) q = q.orderBy(sql`${key.expr}`, sort.dir);
  const rows = await q.orderBy('companies.id', sort.dir).limit(a.limit + 1).execute();
  return keysetPage(rows, a.limit);
}

import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ListArgs } from '../crm/contacts-repo.js';
import { afterCursor, filterExpr, keysetPage, sortExpr, type FieldMap } from '../crm/list-query.js';
import type { DealsTable, PipelineStagesTable, PipelinesTable } from './tables.js';

export type PipelineRow = Selectable<PipelinesTable>;
export type StageRow = Selectable<PipelineStagesTable>;
export type DealRow = Selectable<DealsTable>;

export const DEAL_FIELDS: FieldMap = {
  id: { column: 'id', type: 'text' },
  name: { column: 'name', type: 'text' },
  amountMinor: { column: 'amount_minor', type: 'number' },
  currency: { column: 'currency', type: 'text' },
  pipelineId: { column: 'pipeline_id', type: 'text' },
  stageId: { column: 'stage_id', type: 'text' },
  expectedCloseDate: { column: 'expected_close_date', type: 'date' },
  ownerId: { column: 'owner_id', type: 'text' },
  companyId: { column: 'company_id', type: 'text' },
  tags: { column: 'tags', type: 'tags' },
  closedAt: { column: 'closed_at', type: 'date' },
  createdAt: { column: 'created_at', type: 'date' },
  updatedAt: { column: 'updated_at', type: 'date' },
};

export function pipelines(k: Kysely<Database>, workspaceId: string): Promise<PipelineRow[]> {
  return k.selectFrom('pipelines').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
}

export function pipeline(k: Kysely<Database>, workspaceId: string, id: string): Promise<PipelineRow | undefined> {
  return k.selectFrom('pipelines').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function stagesOf(k: Kysely<Database>, workspaceId: string, pipelineIds: string[]): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return Promise.resolve([]);
  return k.selectFrom('pipeline_stages').selectAll().where('workspace_id', '=', workspaceId).where('pipeline_id', 'in', pipelineIds).orderBy('position').execute();
}

export function stage(k: Kysely<Database>, workspaceId: string, id: string): Promise<StageRow | undefined> {
  return k.selectFrom('pipeline_stages').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insertPipeline(k: Kysely<Database>, row: PipelinesTable, stages: PipelineStagesTable[]): Promise<void> {
  await k.insertInto('pipelines').values(row).execute();
  if (stages.length) await k.insertInto('pipeline_stages').values(stages).execute();
}

export function deal(k: Kysely<Database>, workspaceId: string, id: string): Promise<DealRow | undefined> {
  return k.selectFrom('deals').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function contactIdsOf(k: Kysely<Database>, dealIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (dealIds.length === 0) return out;
  const rows = await k.selectFrom('deal_contacts').select(['deal_id', 'contact_id']).where('deal_id', 'in', dealIds).execute();
  for (const r of rows) out.set(r.deal_id, [...(out.get(r.deal_id) ?? []), r.contact_id]);
  return out;
}

export async function setContacts(k: Kysely<Database>, workspaceId: string, dealId: string, contactIds: string[]): Promise<void> {
  await k.deleteFrom('deal_contacts').where('deal_id', '=', dealId).execute();
  if (contactIds.length) await k.insertInto('deal_contacts').values(contactIds.map((contact_id) => ({ workspace_id: workspaceId, deal_id: dealId, contact_id }))).execute();
}

export async function countDealsInStages(k: Kysely<Database>, stageIds: string[]): Promise<number> {
  if (stageIds.length === 0) return 0;
  const r = await k.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')).where('stage_id', 'in', stageIds).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listDeals(k: Kysely<Database>, a: ListArgs): Promise<{ rows: DealRow[]; nextCursor: string | null }> {
  const sort = a.sort ?? { field: 'id', dir: 'desc' as const };
  const key = sortExpr(a.dialect, 'deals', DEAL_FIELDS, sort, a.custom);
  let q = k.selectFrom('deals').selectAll('deals').select(sql<string | number>`${key.expr}`.as('_sort')).where('deals.workspace_id', '=', a.workspaceId);
  for (const f of a.filters) q = q.where(filterExpr(a.dialect, 'deals', DEAL_FIELDS, f, a.custom));
  if (a.ids) q = q.where('deals.id', 'in', a.ids.length ? a.ids : ['']);
  if (a.cursor) q = q.where(afterCursor(key.expr, 'deals.id', sort.dir, a.cursor, key.byId));
  if (!key.byId) q = q.orderBy(sql`${key.expr}`, sort.dir);
  const rows = await q.orderBy('deals.id', sort.dir).limit(a.limit + 1).execute();
  return keysetPage(rows, a.limit);
}

/** Won deals closed after a time, with their contacts' emails, oldest first. */
export function wonDealContacts(k: Kysely<Database>, workspaceId: string, after: string | null, limit: number) {
  let q = k
    .selectFrom('deals as d')
    .innerJoin('pipeline_stages as s', 's.id', 'd.stage_id')
    .innerJoin('deal_contacts as dc', (j) => j.onRef('dc.deal_id', '=', 'd.id').onRef('dc.workspace_id', '=', 'd.workspace_id'))
    .innerJoin('contacts as c', (j) => j.onRef('c.id', '=', 'dc.contact_id').onRef('c.workspace_id', '=', 'dc.workspace_id'))
    .select(['d.id as dealId', 'd.closed_at as closedAt', 'd.amount_minor as amountMinor', 'd.currency as currency', 'c.id as contactId', 'c.email as email'])
    .where('d.workspace_id', '=', workspaceId)
    .where('s.kind', '=', 'won')
    .where('d.closed_at', 'is not', null)
    .where('c.email', 'is not', null);
  if (after) q = q.where('d.closed_at', '>', after);
  return q.orderBy('d.closed_at').orderBy('d.id').limit(limit).execute();
}

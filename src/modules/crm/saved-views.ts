import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { OPS, parseListParams, type Filter, type Sort } from './list-query.js';

export const viewInput = z.object({
  object: z.enum(['contact', 'company', 'deal']),
  name: z.string().trim().min(1).max(100),
  filters: z.array(z.object({ field: z.string().max(100), op: z.enum(OPS), value: z.unknown().optional() })).max(20).default([]),
  sort: z.object({ field: z.string().max(100), dir: z.enum(['asc', 'desc']) }).nullable().default(null),
  columns: z.array(z.string().max(100)).max(50).default([]),
  shared: z.boolean().default(true),
});
export type ViewInput = z.infer<typeof viewInput>;

export interface SavedView {
  id: string;
  object: string;
  name: string;
  filters: Filter[];
  sort: Sort | null;
  columns: string[];
  shared: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = { id: string; object: string; name: string; filters: string; sort: string; columns: string; shared: number; created_by: string | null; created_at: string; updated_at: string };

function view(r: Row): SavedView {
  return { id: r.id, object: r.object, name: r.name, filters: JSON.parse(r.filters) as Filter[], sort: JSON.parse(r.sort) as Sort | null, columns: JSON.parse(r.columns) as string[], shared: r.shared === 1, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, object?: string): Promise<SavedView[]> {
  let q = ctx.db.k
    .selectFrom('saved_views')
    .selectAll()
    .where('workspace_id', '=', scope.workspaceId)
    .where((eb) => eb.or([eb('shared', '=', 1), eb('created_by', '=', scope.userId ?? '')]));
  if (object) q = q.where('object', '=', object);
  return (await q.orderBy('name').execute()).map(view);
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<SavedView> {
  const r = await ctx.db.k.selectFrom('saved_views').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!r || (r.shared !== 1 && r.created_by !== scope.userId)) throw notFound('View');
  return view(r);
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: ViewInput): Promise<SavedView> {
  const at = ctx.clock.now().toISOString();
  const row = {
    id: newId('vw'),
    workspace_id: scope.workspaceId,
    object: input.object,
    name: input.name,
    filters: JSON.stringify(input.filters),
    sort: JSON.stringify(input.sort),
    columns: JSON.stringify(input.columns),
    shared: input.shared ? 1 : 0,
    created_by: scope.userId,
    created_at: at,
    updated_at: at,
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.insertInto('saved_views').values(row).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'view.created', target: { type: 'view', id: row.id } }, trx);
  });
  return view(row);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: Partial<ViewInput>): Promise<SavedView> {
  await get(ctx, scope, id);
  await ctx.db.k
    .updateTable('saved_views')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
      ...(input.sort !== undefined ? { sort: JSON.stringify(input.sort) } : {}),
      ...(input.columns !== undefined ? { columns: JSON.stringify(input.columns) } : {}),
      ...(input.shared !== undefined ? { shared: input.shared ? 1 : 0 } : {}),
      updated_at: ctx.clock.now().toISOString(),
    })
    .where('workspace_id', '=', scope.workspaceId)
    .where('id', '=', id)
    .execute();
  return get(ctx, scope, id);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await get(ctx, scope, id);
  await ctx.db.k.deleteFrom('saved_views').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).execute();
}

/** The list parameters a request asks for: a saved view's, then the query's own filters on top. */
export async function resolveListParams(ctx: AppContext, scope: WorkspaceScope, object: string, q: { view?: string | undefined; filter?: string | undefined; sort?: string | undefined }): Promise<{ filters: Filter[]; sort: Sort | null }> {
  const own = parseListParams(q.filter, q.sort);
  if (!q.view) return own;
  const v = await get(ctx, scope, q.view);
  if (v.object !== object) throw notFound('View');
  return { filters: [...v.filters, ...own.filters], sort: own.sort ?? v.sort };
}

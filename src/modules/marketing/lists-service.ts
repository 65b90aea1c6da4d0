import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as repo from './lists-repo.js';

/** Static mailing lists: a name and the contacts a member put on it. */
export interface ListView {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

function toView(r: repo.ListRow): ListView {
  return { id: r.id, name: r.name, memberCount: r.member_count, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: ListView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, limit, cursor);
  return { data: rows.map(toView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ListView> {
  const r = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('List');
  return toView(r);
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: { name: string }): Promise<ListView> {
  const now = ctx.clock.now();
  const row = { id: newId('mls', now.getTime()), workspace_id: scope.workspaceId, name: input.name.trim(), created_at: now.toISOString(), updated_at: now.toISOString() };
  await repo.insert(ctx.db.k, row);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.list_created', target: { type: 'marketing_list', id: row.id } });
  return toView({ ...row, member_count: 0 });
}

/** Adds or removes contacts; every id must be a contact of this workspace (nothing is written otherwise). */
export async function changeMembers(ctx: AppContext, scope: WorkspaceScope, listId: string, contactIds: string[], remove = false): Promise<ListView & { changed: number }> {
  const k = ctx.db.k;
  await get(ctx, scope, listId);
  const ids = [...new Set(contactIds)];
  const found = await repo.existingContactIds(k, scope.workspaceId, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badRequest('validation_failed', 'Some contacts do not exist in this workspace', missing.slice(0, 20).map((id) => ({ field: 'body.contactIds', message: `no contact ${id.slice(0, 40)}` })));
  const changed = await k.transaction().execute(async (trx) => {
    const n = remove ? await repo.removeMembers(trx, scope.workspaceId, listId, ids) : await repo.addMembers(trx, scope.workspaceId, listId, ids, ctx.clock.now().toISOString());
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: remove ? 'marketing.list_members_removed' : 'marketing.list_members_added', target: { type: 'marketing_list', id: listId }, details: { count: n } }, trx);
    return n;
  });
  return { ...(await get(ctx, scope, listId)), changed };
}

export async function rename(ctx: AppContext, scope: WorkspaceScope, id: string, name: string): Promise<ListView> {
  if (!(await repo.rename(ctx.db.k, scope.workspaceId, id, name.trim(), ctx.clock.now().toISOString()))) throw notFound('List');
  return get(ctx, scope, id);
}

/** Deletes the list and its memberships (not the contacts); campaigns already sent keep their recipients. */
export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  if (!(await repo.remove(ctx.db.k, scope.workspaceId, id))) throw notFound('List');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.list_deleted', target: { type: 'marketing_list', id } });
}

import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as repo from './canned-repo.js';
import type { CannedCreate, CannedPatch, CannedView } from './canned-schema.js';
import type { CannedResponsesTable } from './tables.js';

/** Canned responses: reply templates members insert into a ticket (the text is theirs, no requester data). */
const toView = (r: CannedResponsesTable): CannedView => ({ id: r.id, title: r.title, body: r.body, shortcut: r.shortcut, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at });

export async function listCanned(ctx: AppContext, scope: WorkspaceScope, a: { limit: number; cursor?: string | undefined; q?: string | undefined }): Promise<{ data: CannedView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, { limit: a.limit, after: a.cursor, q: a.q });
  return { data: rows.map(toView), nextCursor: rows.length === a.limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function getCanned(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CannedView> {
  const r = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Canned response');
  return toView(r);
}

export async function createCanned(ctx: AppContext, scope: WorkspaceScope, input: CannedCreate): Promise<CannedView> {
  const now = ctx.clock.now().toISOString();
  const row: CannedResponsesTable = { id: newId('canned'), workspace_id: scope.workspaceId, title: input.title, body: input.body, shortcut: input.shortcut ?? null, created_by: scope.userId, created_at: now, updated_at: now };
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.insert(trx, row);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.canned_created', target: { type: 'canned_response', id: row.id } }, trx);
  });
  return toView(row);
}

export async function updateCanned(ctx: AppContext, scope: WorkspaceScope, id: string, input: CannedPatch): Promise<CannedView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.find(trx, scope.workspaceId, id))) throw notFound('Canned response');
    await repo.update(trx, scope.workspaceId, id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.shortcut !== undefined ? { shortcut: input.shortcut } : {}),
      updated_at: ctx.clock.now().toISOString(),
    });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.canned_updated', target: { type: 'canned_response', id }, details: { fields: Object.keys(input) } }, trx);
    const r = await repo.find(trx, scope.workspaceId, id);
    if (!r) throw notFound('Canned response');
    return toView(r);
  });
}

export async function deleteCanned(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.remove(trx, scope.workspaceId, id))) throw notFound('Canned response');
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.canned_deleted', target: { type: 'canned_response', id } }, trx);
  });
}

import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { typeLookup } from '../crm/custom-fields.js';
import type { Filter } from '../crm/list-query.js';
import * as repo from './segments-repo.js';

/**
 * Saved segments: filters over contact fields, custom fields (`custom.<key>`), consent
 * (`consent.<purpose>`), activity (`activity.lastAt`) and campaign engagement (`email.opened`,
 * `email.clicked`), counted live.
 */
export interface SegmentView {
  id: string;
  name: string;
  filters: Filter[];
  count: number;
  createdAt: string;
  updatedAt: string;
}

export async function countFor(ctx: AppContext, workspaceId: string, filters: Filter[]): Promise<number> {
  return repo.count(ctx.db.k, ctx.db.dialect, workspaceId, filters, await typeLookup(ctx.db.k, workspaceId, 'contact'));
}

/** The segment's current contact ids after `after` (the sender pages through them). */
export async function memberIds(ctx: AppContext, workspaceId: string, segmentId: string, after: string, limit: number): Promise<string[]> {
  const s = await repo.find(ctx.db.k, workspaceId, segmentId);
  if (!s) return [];
  return repo.memberIds(ctx.db.k, ctx.db.dialect, workspaceId, JSON.parse(s.filters) as Filter[], await typeLookup(ctx.db.k, workspaceId, 'contact'), after, limit);
}

async function toView(ctx: AppContext, r: repo.SegmentRow): Promise<SegmentView> {
  const filters = JSON.parse(r.filters) as Filter[];
  return { id: r.id, name: r.name, filters, count: await countFor(ctx, r.workspace_id, filters), createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: SegmentView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, limit, cursor);
  const data: SegmentView[] = [];
  for (const r of rows) data.push(await toView(ctx, r));
  return { data, nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<SegmentView> {
  const r = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Segment');
  return toView(ctx, r);
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: { name: string; filters: Filter[] }): Promise<SegmentView> {
  // Counting first rejects unknown fields and bad values with a 400 before anything is stored.
  await countFor(ctx, scope.workspaceId, input.filters);
  const now = ctx.clock.now();
  const row = { id: newId('seg', now.getTime()), workspace_id: scope.workspaceId, name: input.name.trim(), filters: JSON.stringify(input.filters), created_at: now.toISOString(), updated_at: now.toISOString() };
  await repo.insert(ctx.db.k, row);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.segment_created', target: { type: 'marketing_segment', id: row.id } });
  return toView(ctx, row);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: { name?: string | undefined; filters?: Filter[] | undefined }): Promise<SegmentView> {
  const r = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Segment');
  if (input.filters) await countFor(ctx, scope.workspaceId, input.filters);
  await repo.update(ctx.db.k, scope.workspaceId, id, {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.filters ? { filters: JSON.stringify(input.filters) } : {}),
    updated_at: ctx.clock.now().toISOString(),
  });
  return get(ctx, scope, id);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  if (!(await repo.remove(ctx.db.k, scope.workspaceId, id))) throw notFound('Segment');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.segment_deleted', target: { type: 'marketing_segment', id } });
}

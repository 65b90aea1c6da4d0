import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { conflict, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import type { SuppressionReason } from './campaigns-tables.js';
import * as repo from './suppression.js';

/**
 * The suppression list as members see it. Entries hold a hash, not the address, so the list shows
 * reason and date, and a member finds an address by typing it (checked against the hash). A member
 * may add a manual entry and lift a manual or hard-bounce entry (a mailbox that exists again); an
 * unsubscribe or a spam complaint is the person's own choice, which only they can reverse (by
 * subscribing again through the preference centre), so those cannot be lifted here.
 */
export interface SuppressionView {
  id: string;
  reason: SuppressionReason;
  createdAt: string;
  /** Whether a member may lift it. */
  removable: boolean;
}

const REMOVABLE: readonly SuppressionReason[] = ['manual', 'hard_bounce'];

function toView(r: repo.SuppressionRow): SuppressionView {
  return { id: r.id, reason: r.reason, createdAt: r.created_at, removable: REMOVABLE.includes(r.reason) };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, opts: { cursor?: string | undefined; reason?: SuppressionReason | undefined }): Promise<{ data: SuppressionView[]; nextCursor: string | null }> {
  const rows = await repo.listSuppressions(ctx.db.k, scope.workspaceId, limit, opts);
  return { data: rows.map(toView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function check(ctx: AppContext, scope: WorkspaceScope, email: string): Promise<{ suppressed: boolean; entries: SuppressionView[] }> {
  const rows = await repo.entriesFor(ctx.db.k, scope.workspaceId, email);
  return { suppressed: rows.length > 0, entries: rows.map(toView) };
}

/** Adds a manual entry; an address already suppressed by hand keeps its entry (and its date). */
export async function add(ctx: AppContext, scope: WorkspaceScope, email: string): Promise<{ created: boolean; entry: SuppressionView }> {
  const before = (await repo.entriesFor(ctx.db.k, scope.workspaceId, email)).find((r) => r.reason === 'manual');
  if (before) return { created: false, entry: toView(before) };
  await repo.suppress(ctx.db.k, scope.workspaceId, email, 'manual', ctx.clock.now().toISOString());
  const row = (await repo.entriesFor(ctx.db.k, scope.workspaceId, email)).find((r) => r.reason === 'manual');
  if (!row) throw new Error('manual suppression not stored');
  // The audit names the entry, never the address.
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.suppression_added', target: { type: 'marketing_suppression', id: row.id }, details: { reason: 'manual' } });
  return { created: true, entry: toView(row) };
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  const row = await repo.findSuppression(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Suppression');
  if (!REMOVABLE.includes(row.reason)) throw conflict('suppression_protected', `An ${row.reason} suppression is lifted only by the person subscribing again`);
  if (!(await repo.deleteSuppression(ctx.db.k, scope.workspaceId, id))) throw notFound('Suppression');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.suppression_removed', target: { type: 'marketing_suppression', id }, details: { reason: row.reason } });
}

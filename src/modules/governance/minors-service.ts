/**
 * Reports of a minor's data (policy §12: the service is not for anyone under 18; UU PDP Pasal 25,
 * GDPR Art. 8). Anyone may report on the public privacy portal; the report joins the privacy
 * officer's queue of that scope, and the officer can erase the person at once through the erasure
 * engine (the same one a deletion request runs), or dismiss the report with a reason. Every step
 * is audited against the report; the audit holds ids and counts, never the addresses.
 */
import type { AppContext } from '../../context.js';
import { conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { normaliseEmail } from '../accounts/service.js';
import * as audit from '../audit/service.js';
import { eraseSubject } from '../privacy/erasure.js';
import { scopeOf } from '../privacy/requests-service.js';
import { resolveSubject } from '../privacy/subject.js';
import { findWorkspace } from '../workspaces/repo.js';
import type { OfficerScope } from './breaches-service.js';
import type { MinorRelation, MinorReportsTable } from './minors-tables.js';

export interface MinorReportInput {
  email: string;
  relation: MinorRelation;
  reporterEmail?: string | undefined;
  details?: string | undefined;
  workspaceId?: string | undefined;
  locale?: 'en' | 'id' | undefined;
}

export interface MinorReportView {
  id: string;
  scope: 'platform' | 'workspace';
  email: string;
  reporterEmail: string | null;
  relation: MinorRelation;
  details: string | null;
  status: MinorReportsTable['status'];
  receivedAt: string;
  handledAt: string | null;
  handledBy: string | null;
  result: Record<string, unknown> | null;
}

const TARGET = 'minor_report';

const view = (r: MinorReportsTable): MinorReportView => ({
  id: r.id, scope: r.workspace_id ? 'workspace' : 'platform', email: r.email, reporterEmail: r.reporter_email, relation: r.relation,
  details: r.details, status: r.status, receivedAt: r.received_at, handledAt: r.handled_at, handledBy: r.handled_by,
  result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null,
});

/** Files a report from the public portal; an unknown workspace is 404 as on the other public routes. */
export async function report(ctx: AppContext, input: MinorReportInput): Promise<{ id: string }> {
  const ws = input.workspaceId ? await findWorkspace(ctx.db.k, input.workspaceId) : undefined;
  if (input.workspaceId && !ws) throw notFound('Workspace');
  const at = ctx.clock.now().toISOString();
  const id = newId('mnr', ctx.clock.now().getTime());
  const workspaceId = ws?.id ?? null;
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.insertInto('minor_reports').values({
      id, workspace_id: workspaceId, email: normaliseEmail(input.email), reporter_email: input.reporterEmail ? normaliseEmail(input.reporterEmail) : null,
      relation: input.relation, details: input.details?.trim() || null, locale: input.locale ?? 'en', status: 'open',
      received_at: at, handled_at: null, handled_by: null, result: null, created_at: at, updated_at: at,
    }).execute();
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'subject', id: null }, workspaceId, action: 'minor_report.received', target: { type: TARGET, id }, details: { relation: input.relation } }, trx);
  });
  return { id };
}

async function find(ctx: AppContext, s: OfficerScope, id: string): Promise<MinorReportsTable> {
  let q = ctx.db.k.selectFrom('minor_reports').selectAll().where('id', '=', id);
  q = s.workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', s.workspaceId);
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Report');
  return r;
}

export async function list(ctx: AppContext, s: OfficerScope, status?: MinorReportsTable['status']): Promise<{ data: MinorReportView[]; nextCursor: null }> {
  let q = ctx.db.k.selectFrom('minor_reports').selectAll();
  q = s.workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', s.workspaceId);
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return { data: rows.map(view), nextCursor: null };
}

export async function get(ctx: AppContext, s: OfficerScope, id: string): Promise<MinorReportView> {
  return view(await find(ctx, s, id));
}

/**
 * Erases the reported person in this scope at once: their account (platform) or contact
 * (workspace) and every row the data map links to them, exactly as a deletion request would.
 * The report itself survives as proof, its address pseudonymised by that same erasure.
 */
export async function erase(ctx: AppContext, s: OfficerScope, id: string): Promise<MinorReportView> {
  const r = await find(ctx, s, id);
  if (r.status !== 'open') throw conflict('already_handled', 'This report has already been handled');
  const scope = scopeOf(r.workspace_id);
  const rows = await resolveSubject(ctx, scope, { emails: [r.email], phones: [] });
  const erasure = await eraseSubject(ctx, scope, rows, { actor: s.actor });
  const result = { erasedAt: erasure.erasedAt, tables: erasure.tables.map((t) => ({ table: t.table, rows: t.rows, action: t.action })), legalHolds: erasure.legalHolds.map((h) => ({ table: h.table, rows: h.rows })) };
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.updateTable('minor_reports').set({ status: 'erased', handled_at: at, handled_by: s.actor.id, result: JSON.stringify(result), updated_at: at }).where('id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: s.actor, workspaceId: r.workspace_id, action: 'minor_report.erased', target: { type: TARGET, id }, details: { tables: result.tables.length, rows: result.tables.reduce((n, t) => n + t.rows, 0) } }, trx);
  });
  return get(ctx, s, id);
}

export async function dismiss(ctx: AppContext, s: OfficerScope, id: string, reason: string): Promise<MinorReportView> {
  const r = await find(ctx, s, id);
  if (r.status !== 'open') throw conflict('already_handled', 'This report has already been handled');
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.updateTable('minor_reports').set({ status: 'dismissed', handled_at: at, handled_by: s.actor.id, updated_at: at }).where('id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: s.actor, workspaceId: r.workspace_id, action: 'minor_report.dismissed', target: { type: TARGET, id }, reason }, trx);
  });
  return get(ctx, s, id);
}

import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import type { CampaignCategory, CampaignStatus } from './campaigns-tables.js';
import * as repo from './campaigns-repo.js';
import { newRun, startRun } from './send-service.js';

/**
 * Campaigns: draft → scheduled → sending → sent, with pause and resume; sending runs as jobs
 * (send-service.ts). A chain of jobs that used up its retries leaves the campaign `failed` with
 * its reason; resume (from paused or failed) starts a new chain that carries on with the recipients
 * still queued, so nobody already sent to gets the mail twice, and the old chain stops.
 */
export interface CampaignInput {
  name?: string | undefined;
  subject?: string | undefined;
  html?: string | undefined;
  category?: CampaignCategory | undefined;
  listId?: string | undefined;
  segmentId?: string | undefined;
}

export interface CampaignView {
  id: string;
  name: string;
  subject: string;
  html: string;
  category: CampaignCategory;
  listId: string | null;
  segmentId: string | null;
  status: CampaignStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipientsTotal: number | null;
  /** Why sending stopped, while the campaign is `failed`. */
  failureReason: string | null;
  progress: { queued: number; sent: number; skipped: number; bounced: number };
  createdAt: string;
  updatedAt: string;
}

function toView(r: repo.CampaignRow, c?: { queued: number; sending: number; sent: number; skipped: number; bounced: number }): CampaignView {
  return {
    id: r.id,
    name: r.name,
    subject: r.subject,
    html: r.html,
    category: r.category,
    listId: r.list_id,
    segmentId: r.segment_id,
    status: r.status,
    scheduledAt: r.scheduled_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    recipientsTotal: r.recipients_total,
    failureReason: r.status === 'failed' ? r.failure_reason : null,
    progress: { queued: (c?.queued ?? 0) + (c?.sending ?? 0), sent: c?.sent ?? 0, skipped: c?.skipped ?? 0, bounced: c?.bounced ?? 0 },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: CampaignView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, limit, cursor);
  const counts = await repo.statusCounts(ctx.db.k, scope.workspaceId, rows.map((r) => r.id));
  return { data: rows.map((r) => toView(r, counts.get(r.id))), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

async function row(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<repo.CampaignRow> {
  const r = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Campaign');
  return r;
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CampaignView> {
  const r = await row(ctx, scope, id);
  return toView(r, (await repo.statusCounts(ctx.db.k, scope.workspaceId, [id])).get(id));
}

/** Exactly one audience, and it must belong to this workspace. */
async function checkAudience(ctx: AppContext, scope: WorkspaceScope, listId: string | null, segmentId: string | null): Promise<void> {
  if ((listId === null) === (segmentId === null)) throw badRequest('validation_failed', 'Give either listId or segmentId', [{ field: 'body.listId', message: 'exactly one of listId and segmentId' }]);
  if (listId && !(await repo.listExists(ctx.db.k, scope.workspaceId, listId))) throw badRequest('validation_failed', 'No such list in this workspace', [{ field: 'body.listId', message: 'unknown list' }]);
  if (segmentId && !(await repo.segmentExists(ctx.db.k, scope.workspaceId, segmentId))) throw badRequest('validation_failed', 'No such segment in this workspace', [{ field: 'body.segmentId', message: 'unknown segment' }]);
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: Required<Pick<CampaignInput, 'name' | 'subject' | 'html' | 'category'>> & CampaignInput): Promise<CampaignView> {
  await checkAudience(ctx, scope, input.listId ?? null, input.segmentId ?? null);
  const now = ctx.clock.now().toISOString();
  const r: repo.CampaignRow = {
    id: newId('cmp', ctx.clock.now().getTime()),
    workspace_id: scope.workspaceId,
    name: input.name.trim(),
    subject: input.subject.trim(),
    html: input.html,
    category: input.category,
    list_id: input.listId ?? null,
    segment_id: input.segmentId ?? null,
    status: 'draft',
    scheduled_at: null,
    started_at: null,
    finished_at: null,
    recipients_total: null,
    run_id: null,
    failure_reason: null,
    created_by: scope.userId,
    created_at: now,
    updated_at: now,
  };
  await repo.insert(ctx.db.k, r);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.campaign_created', target: { type: 'marketing_campaign', id: r.id }, details: { category: r.category } });
  return toView(r);
}

/** Content and audience change only while a draft: what was sent must stay what the report describes. */
export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: CampaignInput): Promise<CampaignView> {
  const r = await row(ctx, scope, id);
  if (r.status !== 'draft') throw conflict('campaign_not_draft', 'Only a draft campaign can be changed');
  const audienceGiven = input.listId !== undefined || input.segmentId !== undefined;
  const listId = audienceGiven ? (input.listId ?? null) : r.list_id;
  const segmentId = audienceGiven ? (input.segmentId ?? null) : r.segment_id;
  if (audienceGiven) await checkAudience(ctx, scope, listId, segmentId);
  await repo.update(ctx.db.k, scope.workspaceId, id, {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.subject !== undefined ? { subject: input.subject.trim() } : {}),
    ...(input.html !== undefined ? { html: input.html } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    list_id: listId,
    segment_id: segmentId,
    updated_at: ctx.clock.now().toISOString(),
  });
  return get(ctx, scope, id);
}

/** Starts sending now, or schedules it; a scheduled campaign may be moved to another time or to now. */
export async function send(ctx: AppContext, scope: WorkspaceScope, id: string, scheduledAt?: string): Promise<CampaignView> {
  const r = await row(ctx, scope, id);
  if (r.status !== 'draft' && r.status !== 'scheduled') throw conflict('campaign_not_sendable', `A ${r.status} campaign cannot be sent again`);
  await checkAudience(ctx, scope, r.list_id, r.segment_id);
  const now = ctx.clock.now();
  const at = scheduledAt ? new Date(scheduledAt) : null;
  if (at && at.getTime() < now.getTime() - 60_000) throw badRequest('validation_failed', 'scheduledAt is in the past', [{ field: 'body.scheduledAt', message: 'must be in the future' }]);
  const later = at !== null && at.getTime() > now.getTime();
  // A new chain: a job queued for an earlier schedule finds another run on the campaign and stops.
  const run = newRun(ctx);
  const moved = await repo.transition(ctx.db.k, scope.workspaceId, id, ['draft', 'scheduled'], {
    status: later ? 'scheduled' : 'sending',
    run_id: run,
    scheduled_at: later ? at.toISOString() : null,
    ...(later ? {} : { started_at: now.toISOString() }),
    updated_at: now.toISOString(),
  });
  if (!moved) throw conflict('campaign_not_sendable', 'The campaign changed meanwhile; reload it');
  await startRun(ctx, scope.workspaceId, id, run, later ? at : undefined);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: later ? 'marketing.campaign_scheduled' : 'marketing.campaign_sending', target: { type: 'marketing_campaign', id } });
  return get(ctx, scope, id);
}

/** Stops handing out further mails; those already on their way finish. */
export async function pause(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CampaignView> {
  const r = await row(ctx, scope, id);
  if (!(await repo.transition(ctx.db.k, scope.workspaceId, id, ['sending', 'scheduled'], { status: 'paused', updated_at: ctx.clock.now().toISOString() }))) {
    throw conflict('campaign_not_running', `A ${r.status} campaign cannot be paused`);
  }
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.campaign_paused', target: { type: 'marketing_campaign', id } });
  return get(ctx, scope, id);
}

/**
 * Carries on where sending stopped, from `paused` or `failed`. A campaign paused before its
 * scheduled time goes back to `scheduled` and starts at that time (a pause is not "send now").
 * The status change writes a new run id in the same conditional update, so of two resumes at once
 * only one starts a chain, and any job of the previous chain (one still mid-batch, or a retry in
 * backoff) stops at its next check and can claim no rows.
 */
export async function resume(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CampaignView> {
  const r = await row(ctx, scope, id);
  const now = ctx.clock.now();
  const at = r.scheduled_at !== null && new Date(r.scheduled_at).getTime() > now.getTime() ? new Date(r.scheduled_at) : null;
  const run = newRun(ctx);
  const moved = await repo.transition(ctx.db.k, scope.workspaceId, id, ['paused', 'failed'], {
    status: at ? 'scheduled' : 'sending',
    started_at: at ? r.started_at : (r.started_at ?? now.toISOString()),
    run_id: run,
    failure_reason: null,
    updated_at: now.toISOString(),
  });
  if (!moved) throw conflict('campaign_not_paused', `A ${r.status} campaign cannot be resumed`);
  await startRun(ctx, scope.workspaceId, id, run, at ?? undefined);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.campaign_resumed', target: { type: 'marketing_campaign', id }, details: { from: r.status } });
  return get(ctx, scope, id);
}

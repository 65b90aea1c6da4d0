/**
 * The breach register (GDPR Art. 33/34, UU PDP Pasal 46, policy §11): registering a breach starts
 * both legal clocks (breaches-deadlines.ts); the officer ticks the containment checklist, finds the
 * affected subjects through the data map (breaches-affected.ts) and has them mailed by a job
 * (breaches-jobs.ts). Every step is audited against the breach, and that audit trail is the
 * breach's timeline. Scope as for privacy requests: a workspace's privacy officer, or (workspace
 * null) a platform operator for the operator's own processing.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import type { OfficerScope } from '../privacy/requests-service.js';
import { findWorkspace } from '../workspaces/repo.js';
import { affectedSubjects, AFFECTED_RULE } from './breaches-affected.js';
import { breachDeadlines, DEADLINE_RULES } from './breaches-deadlines.js';
import * as repo from './breaches-repo.js';
import type { AffectedInput, BreachView, CreateInput, UpdateInput } from './breaches-schema.js';
import { CHECKLIST_ITEMS, type ChecklistItem } from './breaches-tables.js';

export const NOTIFY_JOB = 'breaches.notify';

/** Who acts: as for privacy requests, a workspace's privacy officer or (workspaceId null) a platform operator. */
export type { OfficerScope };

const TARGET = 'breach';

function record(ctx: AppContext, s: OfficerScope, id: string, action: string, details?: Record<string, unknown>, k?: Kysely<Database>): Promise<string> {
  return audit.record(ctx.db, ctx.clock, { actor: s.actor, workspaceId: s.workspaceId, action: `breach.${action}`, target: { type: TARGET, id }, ...(details ? { details } : {}) }, k);
}

/** Notified after the deadline, or not notified and the deadline has passed. */
export function authorityLate(r: repo.BreachRow, now: number): boolean {
  return new Date(r.authority_notified_at ?? now).getTime() > new Date(r.authority_due_at).getTime();
}

export function toView(ctx: AppContext, r: repo.BreachRow): BreachView {
  const now = ctx.clock.now().getTime();
  return {
    id: r.id,
    scope: r.workspace_id ? 'workspace' : 'platform',
    workspaceId: r.workspace_id,
    title: r.title,
    nature: r.nature,
    dataCategories: JSON.parse(r.data_categories) as string[],
    approxSubjects: r.approx_subjects,
    approxRecords: r.approx_records,
    awareAt: r.aware_at,
    detectedAt: r.detected_at,
    systems: r.systems,
    consequences: r.consequences,
    measures: r.measures,
    lateReason: r.late_reason,
    deadlines: { authority: r.authority_due_at, subjects: r.subjects_due_at },
    rules: { ...DEADLINE_RULES },
    authorityNotifiedAt: r.authority_notified_at,
    subjectsNotifiedAt: r.subjects_notified_at,
    overdue: {
      authority: !r.authority_notified_at && new Date(r.authority_due_at).getTime() < now,
      subjects: !r.subjects_notified_at && new Date(r.subjects_due_at).getTime() < now,
    },
    authorityLate: authorityLate(r, now),
    createdAt: r.created_at,
  };
}

export async function create(ctx: AppContext, s: OfficerScope, input: CreateInput): Promise<{ id: string; deadlines: { authority: string; subjects: string } }> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId('brc', now.getTime());
  const deadlines = breachDeadlines(input.awareAt);
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.insertBreach(trx, {
      id, workspace_id: s.workspaceId, title: input.title, nature: input.nature, data_categories: JSON.stringify(input.dataCategories),
      approx_subjects: input.approxSubjects, approx_records: input.approxRecords ?? null,
      aware_at: new Date(input.awareAt).toISOString(), detected_at: input.detectedAt ? new Date(input.detectedAt).toISOString() : null,
      systems: input.systems || null, consequences: input.consequences || null, measures: input.measures || null, late_reason: input.lateReason || null,
      authority_due_at: deadlines.authority, subjects_due_at: deadlines.subjects, authority_notified_at: null, subjects_notified_at: null,
      notify_job_id: null, created_by: s.actor.id, created_at: at, updated_at: at,
    }, CHECKLIST_ITEMS.map((item, position) => ({ id: newId('bcl', now.getTime()), breach_id: id, workspace_id: s.workspaceId, item, position, done_at: null, done_by: null })));
    await record(ctx, s, id, 'registered', { approxSubjects: input.approxSubjects, categories: input.dataCategories.length, authorityDueAt: deadlines.authority, subjectsDueAt: deadlines.subjects }, trx);
  });
  return { id, deadlines };
}

export async function find(ctx: AppContext, s: OfficerScope, id: string): Promise<repo.BreachRow> {
  const r = await repo.findInScope(ctx.db.k, s.workspaceId, id);
  if (!r) throw notFound('Breach');
  return r;
}

export async function list(ctx: AppContext, s: OfficerScope, q: { limit: number; cursor?: string | undefined; q?: string | undefined }): Promise<{ data: BreachView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, s.workspaceId, q);
  return { data: rows.map((r) => toView(ctx, r)), nextCursor: rows.length === q.limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function detail(ctx: AppContext, s: OfficerScope, id: string) {
  const r = await find(ctx, s, id);
  const [checklist, entries, counts] = await Promise.all([
    repo.checklist(ctx.db.k, id),
    audit.list(ctx.db.k, { workspaceId: s.workspaceId, targetType: TARGET, targetId: id, limit: 500 }),
    repo.recipientCounts(ctx.db.k, id),
  ]);
  const job = r.notify_job_id ? await ctx.queue.get(r.notify_job_id) : null;
  return {
    ...toView(ctx, r),
    checklist: checklist.map((c) => ({ item: c.item as ChecklistItem, doneAt: c.done_at, doneBy: c.done_by })),
    timeline: entries.reverse().map((e) => ({ at: e.at, action: e.action, actorId: e.actor_id, details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null })),
    recipients: counts,
    notifyJob: job ? { id: job.id, status: job.status, done: job.progress?.done ?? 0, total: job.progress?.total ?? null } : null,
  };
}

export async function update(ctx: AppContext, s: OfficerScope, id: string, input: UpdateInput) {
  await find(ctx, s, id);
  const at = ctx.clock.now().toISOString();
  const patch = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.nature !== undefined ? { nature: input.nature } : {}),
    ...(input.dataCategories !== undefined ? { data_categories: JSON.stringify(input.dataCategories) } : {}),
    ...(input.approxSubjects !== undefined ? { approx_subjects: input.approxSubjects } : {}),
    ...(input.approxRecords !== undefined ? { approx_records: input.approxRecords } : {}),
    ...(input.detectedAt !== undefined ? { detected_at: new Date(input.detectedAt).toISOString() } : {}),
    ...(input.systems !== undefined ? { systems: input.systems || null } : {}),
    ...(input.consequences !== undefined ? { consequences: input.consequences || null } : {}),
    ...(input.measures !== undefined ? { measures: input.measures || null } : {}),
    ...(input.lateReason !== undefined ? { late_reason: input.lateReason || null } : {}),
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.update(trx, id, { ...patch, updated_at: at });
    await record(ctx, s, id, 'updated', { fields: Object.keys(input).sort() }, trx);
  });
  return detail(ctx, s, id);
}

/** Ticks or unticks one containment step; ticking "notify_authority" records when the authority was told. */
export async function tick(ctx: AppContext, s: OfficerScope, id: string, item: string, done: boolean) {
  await find(ctx, s, id);
  if (!(CHECKLIST_ITEMS as readonly string[]).includes(item)) throw notFound('Checklist item');
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.tick(trx, id, item, done ? at : null, done ? s.actor.id : null);
    if (item === 'notify_authority') await repo.update(trx, id, { authority_notified_at: done ? at : null, updated_at: at });
    await record(ctx, s, id, done ? 'step_done' : 'step_undone', { item }, trx);
  });
  return detail(ctx, s, id);
}

/** Runs the affected-subject query and makes its result the list of people to notify. */
export async function findAffected(ctx: AppContext, s: OfficerScope, id: string, input: AffectedInput) {
  await find(ctx, s, id);
  const subjects = await affectedSubjects(ctx, { workspaceId: s.workspaceId }, input.tables, input.from, input.to);
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    const queued = await repo.replaceQueued(trx, id, subjects.map((x) => ({
      id: newId('brp', now.getTime()), breach_id: id, workspace_id: s.workspaceId, email: x.email, locale: x.locale, status: 'queued' as const, sent_at: null, error: null, created_at: at,
    })));
    // Table names, the window and counts only: the addresses stay out of the audit log.
    await record(ctx, s, id, 'affected_queried', { tables: [...input.tables].sort(), from: input.from, to: input.to, found: subjects.length, queued }, trx);
  });
  return { count: subjects.length, subjects: subjects.map((x) => ({ email: x.email, tables: x.tables })), rule: AFFECTED_RULE };
}

/** Starts (or continues) mailing the queued recipients; 202 even when none is queued. */
export async function notify(ctx: AppContext, s: OfficerScope, id: string): Promise<{ jobId: string | null; queued: number }> {
  const r = await find(ctx, s, id);
  const counts = await repo.recipientCounts(ctx.db.k, id);
  const at = ctx.clock.now().toISOString();
  const jobId = counts.queued ? await ctx.queue.enqueue(NOTIFY_JOB, { breachId: id }, { workspaceId: s.workspaceId, maxAttempts: 3 }) : null;
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.update(trx, id, { ...(jobId ? { notify_job_id: jobId } : {}), subjects_notified_at: r.subjects_notified_at ?? (counts.queued ? at : null), updated_at: at });
    await record(ctx, s, id, 'notify_started', { queued: counts.queued, jobId }, trx);
  });
  return { jobId, queued: counts.queued };
}

/**
 * Puts the recipients whose notice failed back in the queue and mails them again (a new job run):
 * a transport that refused a notice during an outage gets another try. Sent notices stay sent.
 */
export async function retryFailed(ctx: AppContext, s: OfficerScope, id: string): Promise<{ jobId: string | null; queued: number }> {
  await find(ctx, s, id);
  const requeued = await ctx.db.k.transaction().execute(async (trx) => {
    const n = await repo.requeueFailed(trx, id);
    await record(ctx, s, id, 'notify_retried', { requeued: n }, trx);
    return n;
  });
  if (!requeued) return { jobId: null, queued: 0 };
  return notify(ctx, s, id);
}

export async function recipients(ctx: AppContext, s: OfficerScope, id: string) {
  await find(ctx, s, id);
  const [rows, counts] = await Promise.all([repo.recipients(ctx.db.k, id), repo.recipientCounts(ctx.db.k, id)]);
  return { data: rows.map((x) => ({ id: x.id, email: x.email, status: x.status, sentAt: x.sent_at, error: x.error })), counts };
}

/** The controller and its privacy contact: the operator, or the workspace and its privacy officer (else owner). */
export async function controllerOf(ctx: AppContext, workspaceId: string | null): Promise<{ controller: string; dpoName: string; dpoEmail: string }> {
  const ws = workspaceId ? await findWorkspace(ctx.db.k, workspaceId) : undefined;
  if (!ws) return { controller: ctx.config.operator.name, dpoName: ctx.config.operator.name, dpoEmail: ctx.config.operator.email };
  const members = await ctx.db.k.selectFrom('workspace_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.role', 'u.name', 'u.email']).where('m.workspace_id', '=', ws.id).where('m.role', 'in', ['privacy_officer', 'owner']).orderBy('m.created_at').execute();
  const dpo = members.find((m) => m.role === 'privacy_officer') ?? members[0];
  return { controller: ws.name, dpoName: dpo?.name ?? ws.name, dpoEmail: dpo?.email ?? ctx.config.operator.email };
}

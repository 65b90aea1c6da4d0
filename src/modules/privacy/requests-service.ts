/**
 * The data-subject request workflow (policy §6): intake with an emailed single-use link, the
 * law's clock (deadlines.ts), the officer's queue (assign, extend, reject, corrections, complete).
 * Running a request is the engine's work, done by the `privacy.complete` job (requests-jobs.ts).
 * Every step is audited against the request; reasons go to the audit log scrubbed of addresses.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError, badRequest, conflict, notFound } from '../../http/errors.js';
import { DAY } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { UserRow } from '../accounts/repo.js';
import { normaliseEmail } from '../accounts/service.js';
import * as audit from '../audit/service.js';
import { findWorkspace } from '../workspaces/repo.js';
import { isRole, roleCan } from '../workspaces/roles.js';
import * as corrections from './corrections.js';
import { extensionFor, requestClock } from './deadlines.js';
import type { PrivacyScope } from './engine-types.js';
import * as repo from './requests-repo.js';
import type { IntakeInput, ListQuery, RequestView } from './requests-schema.js';
import { resolveSubject } from './subject.js';

export const VERIFY_TTL_MS = DAY;
/** Tries of the job that runs a completed request before it returns to the queue. */
export const COMPLETE_ATTEMPTS = 3;
export const JOBS = { verify: 'privacy.send_verification', ack: 'privacy.send_ack', notice: 'privacy.send_notice', complete: 'privacy.complete' } as const;

/** Who acts on the queue: a workspace's privacy officer, or (workspaceId null) a platform operator. */
export interface OfficerScope {
  workspaceId: string | null;
  actor: audit.Actor;
}

export const scopeOf = (workspaceId: string | null): PrivacyScope => (workspaceId ? { kind: 'workspace', workspaceId } : { kind: 'platform' });

export async function toView(ctx: AppContext, r: repo.RequestRow, k: Kysely<Database> = ctx.db.k): Promise<RequestView> {
  const clock = requestClock(r.jurisdiction, r.type, r.received_at);
  const finished = r.status === 'completed' || r.status === 'rejected' || r.status === 'expired';
  const rows = await repo.corrections(k, r.id);
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    scope: r.workspace_id ? 'workspace' : 'platform',
    workspaceId: r.workspace_id,
    email: r.email,
    phone: r.phone,
    jurisdiction: r.jurisdiction,
    details: r.details,
    receivedAt: r.received_at,
    verifiedAt: r.verified_at,
    ackDueAt: r.ack_due_at,
    acknowledgedAt: r.acknowledged_at,
    dueAt: r.due_at,
    originalDueAt: r.original_due_at,
    extendedAt: r.extended_at,
    extensionReason: r.extension_reason,
    maxExtensionDueAt: r.extended_at ? null : clock.maxExtensionDueAt,
    assigneeId: r.assignee_id,
    rejectionReason: r.rejection_reason,
    completedAt: r.completed_at,
    overdue: !finished && new Date(r.due_at).getTime() < ctx.clock.now().getTime(),
    clock: clock.clock,
    result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null,
    corrections: await Promise.all(
      rows.map(async (c) => {
        const info = corrections.fieldInfo(c.table_name, c.column_name);
        return {
          id: c.id,
          table: c.table_name,
          column: c.column_name,
          label: info?.label ?? c.column_name,
          currentValue: await corrections.currentValue(k, c),
          proposedValue: c.proposed_value,
          status: c.status,
          selfService: info?.selfService ?? false,
        };
      }),
    ),
  };
}

// ---- Intake ---------------------------------------------------------------------------------

/**
 * `vouchedBy`: a workspace member raising the request for a requester they are dealing with (a
 * support ticket): their session stands in for the emailed link, so the request is verified at
 * once, in their name, and the audit log says who vouched.
 */
export async function intake(ctx: AppContext, input: IntakeInput, signedIn: UserRow | null, vouchedBy?: { userId: string }): Promise<{ id: string }> {
  const workspaceId = input.workspaceId ?? null;
  if (workspaceId && !(await findWorkspace(ctx.db.k, workspaceId))) throw notFound('Workspace');
  const scope = workspaceId ? 'workspace' : 'platform';
  if (input.corrections?.length && input.type !== 'correction') throw badRequest('corrections_not_allowed', 'Proposed values belong to a correction request');
  if (input.type === 'correction' && !input.corrections?.length) throw badRequest('corrections_required', 'Say which fields to correct and their right values');
  const fields = corrections.checkProposals(scope, input.corrections ?? []);
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const jurisdiction = input.jurisdiction ?? 'unknown';
  const clock = requestClock(jurisdiction, input.type, at);
  // A signed-in user asking about their own account has proved the address already.
  const self = !workspaceId && signedIn?.email === email && signedIn.email_verified_at !== null ? signedIn : null;
  const vouched = workspaceId && vouchedBy ? vouchedBy : null;
  const verified = Boolean(self) || Boolean(vouched);
  const id = newId('prq', now.getTime());
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.insertRequest(trx, {
      id, workspace_id: workspaceId, type: input.type, status: verified ? 'open' : 'unverified', email, phone: input.phone ?? null, jurisdiction,
      locale: input.locale ?? (signedIn?.locale === 'id' ? 'id' : 'en'),
      details: input.details?.trim() || null, user_id: self?.id ?? null, verify_token_hash: null,
      verify_expires_at: verified ? null : new Date(now.getTime() + VERIFY_TTL_MS).toISOString(),
      received_at: at, verified_at: verified ? at : null, ack_due_at: clock.ackDueAt, acknowledged_at: null,
      due_at: clock.dueAt, original_due_at: clock.dueAt, extended_at: null, extension_reason: null, assignee_id: null,
      rejection_reason: null, completed_at: null, result: null, created_at: at, updated_at: at,
    });
    await repo.insertCorrections(trx, fields.map((f, i) => ({
      id: newId('pcr', now.getTime()), request_id: id, workspace_id: workspaceId, table_name: f.table, column_name: f.column, row_id: null,
      proposed_value: input.corrections?.[i]?.value ?? null, status: 'pending' as const, decided_by: null, decided_at: null, created_at: at,
    })));
    const actor: audit.Actor = self ? { type: 'user', id: self.id } : vouched ? { type: 'user', id: vouched.userId } : { type: 'subject', id: null };
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'privacy_request.received', target: { type: 'privacy_request', id }, details: { type: input.type, jurisdiction, verified, ...(vouched ? { verifiedBy: 'member_session' } : {}) } }, trx);
  });
  if (verified) await afterVerified(ctx, id);
  else await ctx.queue.enqueue(JOBS.verify, { requestId: id }, { idempotencyKey: `prq-verify:${id}`, workspaceId });
  return { id };
}

export async function verify(ctx: AppContext, token: string): Promise<{ id: string; status: RequestView['status']; dueAt: string; type: RequestView['type'] }> {
  const now = ctx.clock.now();
  const r = await repo.findByTokenHash(ctx.db.k, sha256Hex(token));
  if (!r || r.status !== 'unverified') throw badRequest('token_invalid', 'This link is not valid or was already used');
  if (!r.verify_expires_at || new Date(r.verify_expires_at).getTime() < now.getTime()) throw new HttpError(410, 'token_expired', 'This link has expired: please send the request again');
  await ctx.db.k.transaction().execute(async (trx) => {
    const moved = await repo.transition(trx, r.id, ['unverified'], { status: 'open', verified_at: now.toISOString(), verify_token_hash: null, updated_at: now.toISOString() });
    if (!moved) throw badRequest('token_invalid', 'This link is not valid or was already used');
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'subject', id: null }, workspaceId: r.workspace_id, action: 'privacy_request.verified', target: { type: 'privacy_request', id: r.id } }, trx);
  });
  await afterVerified(ctx, r.id);
  const fresh = (await repo.findById(ctx.db.k, r.id))!;
  return { id: fresh.id, status: fresh.status, dueAt: fresh.due_at, type: fresh.type };
}

/** Once the person is known: find their rows for the corrections, apply the self-service ones, acknowledge. */
async function afterVerified(ctx: AppContext, id: string): Promise<void> {
  const r = (await repo.findById(ctx.db.k, id))!;
  const pending = await repo.corrections(ctx.db.k, id);
  if (pending.length) {
    const rows = await resolveSubject(ctx, scopeOf(r.workspace_id), { emails: [r.email], phones: r.phone ? [r.phone] : [], ...(r.user_id ? { userId: r.user_id } : {}) });
    const actor: audit.Actor = r.user_id ? { type: 'user', id: r.user_id } : { type: 'subject', id: null };
    for (const c of pending) {
      const root = rows.roots.find((x) => x.table === c.table_name);
      if (!root) continue;
      await repo.updateCorrection(ctx.db.k, c.id, { row_id: root.id });
      if (!corrections.fieldInfo(c.table_name, c.column_name)?.selfService) continue;
      // One transaction per field: a value the record refuses stays pending for the officer.
      try {
        await ctx.db.k.transaction().execute(async (trx) => {
          await corrections.applyCorrection(ctx, trx, { ...c, row_id: root.id }, actor);
          await repo.updateCorrection(trx, c.id, { status: 'applied', decided_at: ctx.clock.now().toISOString() });
        });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
      }
    }
  }
  await ctx.queue.enqueue(JOBS.ack, { requestId: id }, { idempotencyKey: `prq-ack:${id}`, workspaceId: r.workspace_id });
}

// ---- The officer's queue ----------------------------------------------------------------------

const encodeCursor = (r: repo.RequestRow): string => Buffer.from(`${r.due_at}|${r.id}`).toString('base64url');
function decodeCursor(c: string): { dueAt: string; id: string } {
  const [dueAt, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!dueAt || !id || Number.isNaN(Date.parse(dueAt))) throw badRequest('invalid_cursor', 'The cursor is not valid');
  return { dueAt, id };
}

export async function list(ctx: AppContext, s: OfficerScope, q: ListQuery): Promise<{ data: RequestView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, {
    workspaceId: s.workspaceId, status: q.status, type: q.type, jurisdiction: q.jurisdiction, assignee: q.assignee,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true', now: ctx.clock.now().toISOString(),
    after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit,
  });
  const last = rows[rows.length - 1];
  return { data: await Promise.all(rows.map((r) => toView(ctx, r))), nextCursor: rows.length === q.limit && last ? encodeCursor(last) : null };
}

async function find(ctx: AppContext, s: OfficerScope, id: string, k: Kysely<Database> = ctx.db.k): Promise<repo.RequestRow> {
  const r = await repo.findInScope(k, s.workspaceId, id);
  if (!r) throw notFound('Privacy request');
  return r;
}

export async function get(ctx: AppContext, s: OfficerScope, id: string): Promise<RequestView> {
  return toView(ctx, await find(ctx, s, id));
}

export async function detail(ctx: AppContext, s: OfficerScope, id: string) {
  const view = await get(ctx, s, id);
  const entries = await audit.list(ctx.db.k, { workspaceId: s.workspaceId, targetType: 'privacy_request', targetId: id, limit: 500 });
  const history = entries.reverse().map((e) => ({ at: e.at, action: e.action, actorId: e.actor_id, reason: e.reason }));
  return { ...view, history };
}

function assertOpen(r: repo.RequestRow, what: string): void {
  if (r.status !== 'open') throw conflict('request_not_open', `Only an open request can be ${what} (this one is ${r.status})`);
}

/** Runs `change` on an open request in one transaction with its audit entry; returns the fresh view. */
async function act(ctx: AppContext, s: OfficerScope, id: string, what: string, change: (trx: Kysely<Database>, r: repo.RequestRow, at: string) => Promise<audit.AuditEntry>): Promise<RequestView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const r = await find(ctx, s, id, trx);
    assertOpen(r, what);
    const entry = await change(trx, r, ctx.clock.now().toISOString());
    await audit.record(ctx.db, ctx.clock, { ...entry, actor: s.actor, workspaceId: s.workspaceId, target: { type: 'privacy_request', id } }, trx);
    return toView(ctx, (await repo.findById(trx, id))!, trx);
  });
}

export async function assign(ctx: AppContext, s: OfficerScope, id: string, assigneeId: string | null): Promise<RequestView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const r = await find(ctx, s, id, trx);
    if (r.status === 'completed' || r.status === 'rejected' || r.status === 'expired') throw conflict('request_closed', 'This request is closed');
    if (assigneeId && !(await mayHandle(trx, s.workspaceId, assigneeId))) throw badRequest('invalid_assignee', 'The assignee must be a member who may handle privacy requests');
    await repo.update(trx, id, { assignee_id: assigneeId, updated_at: ctx.clock.now().toISOString() });
    await audit.record(ctx.db, ctx.clock, { actor: s.actor, workspaceId: s.workspaceId, action: 'privacy_request.assigned', target: { type: 'privacy_request', id }, details: { assignee: assigneeId } }, trx);
    return toView(ctx, (await repo.findById(trx, id))!, trx);
  });
}

/** A workspace member whose role has privacy.read, or for the platform a platform operator. */
/** The people a request in this scope can be assigned to: operators, or members whose role may read privacy requests. */
export async function officers(ctx: AppContext, s: OfficerScope): Promise<{ data: { id: string; name: string }[] }> {
  const people = await repo.officerCandidates(ctx.db.k, s.workspaceId);
  const eligible = s.workspaceId === null ? people : people.filter((p) => isRole(p.role) && roleCan(p.role, 'privacy.read'));
  return { data: eligible.map(({ id, name }) => ({ id, name })) };
}

async function mayHandle(k: Kysely<Database>, workspaceId: string | null, userId: string): Promise<boolean> {
  if (!workspaceId) return (await k.selectFrom('users').select('is_platform_operator').where('id', '=', userId).executeTakeFirst())?.is_platform_operator === 1;
  const m = await k.selectFrom('workspace_members').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return Boolean(m && isRole(m.role) && roleCan(m.role, 'privacy.read'));
}

export async function extend(ctx: AppContext, s: OfficerScope, id: string, reason: string): Promise<RequestView> {
  const view = await act(ctx, s, id, 'extended', async (trx, r, at) => {
    const ext = extensionFor({ jurisdiction: r.jurisdiction, type: r.type, receivedAt: r.received_at, originalDueAt: r.original_due_at, extendedAt: r.extended_at }, ctx.clock.now());
    if ('refused' in ext) throw conflict('extension_not_allowed', ext.refused);
    await repo.update(trx, id, { due_at: ext.dueAt, extended_at: at, extension_reason: reason, updated_at: at });
    return { actor: s.actor, action: 'privacy_request.extended', reason, details: { dueAt: ext.dueAt } };
  });
  await ctx.queue.enqueue(JOBS.notice, { requestId: id, kind: 'extended' }, { idempotencyKey: `prq-ext:${id}`, workspaceId: s.workspaceId });
  return view;
}

export async function reject(ctx: AppContext, s: OfficerScope, id: string, reason: string): Promise<RequestView> {
  const view = await act(ctx, s, id, 'rejected', async (trx, _r, at) => {
    await repo.update(trx, id, { status: 'rejected', rejection_reason: reason, completed_at: at, updated_at: at });
    return { actor: s.actor, action: 'privacy_request.rejected', reason };
  });
  await ctx.queue.enqueue(JOBS.notice, { requestId: id, kind: 'rejected' }, { idempotencyKey: `prq-rej:${id}`, workspaceId: s.workspaceId });
  return view;
}

export async function decideCorrection(ctx: AppContext, s: OfficerScope, id: string, correctionId: string, decision: 'apply' | 'decline'): Promise<RequestView> {
  return act(ctx, s, id, 'changed', async (trx, _r, at) => {
    const c = (await repo.corrections(trx, id)).find((x) => x.id === correctionId);
    if (!c) throw notFound('Correction');
    if (c.status !== 'pending') throw conflict('correction_decided', `This correction was already ${c.status}`);
    if (decision === 'apply') await corrections.applyCorrection(ctx, trx, c, s.actor);
    await repo.updateCorrection(trx, c.id, { status: decision === 'apply' ? 'applied' : 'declined', decided_by: s.actor.id, decided_at: at });
    return { actor: s.actor, action: decision === 'apply' ? 'privacy_request.correction_applied' : 'privacy_request.correction_declined', details: { correction: c.id, field: `${c.table_name}.${c.column_name}` } };
  });
}

/** 202: the request moves to processing and a job runs it (requests-jobs.ts). */
export async function complete(ctx: AppContext, s: OfficerScope, id: string): Promise<RequestView> {
  const view = await act(ctx, s, id, 'completed', async (trx, r, at) => {
    if (r.type === 'correction' && (await repo.corrections(trx, id)).some((c) => c.status === 'pending')) {
      throw conflict('corrections_pending', 'Apply or decline every proposed correction first');
    }
    await repo.update(trx, id, { status: 'processing', updated_at: at });
    return { actor: s.actor, action: 'privacy_request.processing' };
  });
  await ctx.queue.enqueue(JOBS.complete, { requestId: id, actorId: s.actor.id, actorType: s.actor.type }, { idempotencyKey: `prq-complete:${id}:${ctx.clock.now().toISOString()}`, workspaceId: s.workspaceId, maxAttempts: COMPLETE_ATTEMPTS });
  return view;
}

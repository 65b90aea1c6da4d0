/**
 * Jobs of the request workflow: the mails (each mints its link token when it runs, so no secret
 * waits in the queue), running a completed request through the engine, the daily expiry of
 * unverified requests and the daily erasure of accounts whose deletion grace period has passed.
 */
import type { AppContext } from '../../context.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import * as audit from '../audit/service.js';
import { withdrawAll } from './consent.js';
import type { ErasureReport } from './engine-types.js';
import { eraseSubject } from './erasure.js';
import { CERTIFICATE_HEADER } from './erasure-files.js';
import { buildExport } from './export.js';
import { requestClock } from './deadlines.js';
import * as mails from './requests-mails.js';
import * as repo from './requests-repo.js';
import { COMPLETE_ATTEMPTS, JOBS, scopeOf } from './requests-service.js';
import { setRestricted } from './restriction.js';
import { eraseDueAccounts } from './selfservice.js';
import { resolveSubject } from './subject.js';
import { findWorkspace } from '../workspaces/repo.js';

export const EXPIRE_JOB = 'privacy.expire_unverified';
export const ACCOUNT_DELETION_JOB = 'privacy.account_deletions';

const NON_NECESSARY = ['analytics', 'marketing', 'personalization', 'ads'] as const;

/** Who answers the subject: the workspace for its contacts (the operator runs the platform for it), else the operator. */
async function controllerName(ctx: AppContext, workspaceId: string | null): Promise<string> {
  const ws = workspaceId ? await findWorkspace(ctx.db.k, workspaceId) : undefined;
  return ws ? `${ws.name} (through ${ctx.config.operator.name})` : ctx.config.operator.name;
}

/** Runs one request; returns what to store as its result (ids and counts only). */
async function run(ctx: AppContext, r: repo.RequestRow, actor: audit.Actor): Promise<Record<string, unknown>> {
  const scope = scopeOf(r.workspace_id);
  const op = await controllerName(ctx, r.workspace_id);
  // Captured before anything runs: a deletion erases the address from this very row.
  const address = r.email;
  const rows = await resolveSubject(ctx, scope, { emails: [r.email], phones: r.phone ? [r.phone] : [], ...(r.user_id ? { userId: r.user_id } : {}) });
  switch (r.type) {
    case 'access':
    case 'portability': {
      const exp = await buildExport(ctx, scope, rows, { requestId: r.id, ...(r.user_id ? { userId: r.user_id } : {}) });
      const url = `${ctx.config.baseUrl}/privacy/download?token=${exp.token}`;
      await ctx.mailer.send({ to: address, ...mails.downloadMail(mails.mailLocale(r.locale), op, r.id, url, exp.expiresAt), category: 'transactional' });
      return { exportId: exp.exportId, expiresAt: exp.expiresAt, tables: exp.tables };
    }
    case 'deletion': {
      // A retry after the erasure committed: the address is now a keyed hash, so no certificate can go.
      const prior = r.result ? (JSON.parse(r.result) as Partial<ErasureReport>) : null;
      if (prior?.erasedAt) return { ...prior, certificateSent: false };
      const report: ErasureReport = await eraseSubject(ctx, scope, rows, { requestId: r.id, actor });
      await repo.update(ctx.db.k, r.id, { result: JSON.stringify(report) });
      try {
        // Marked, so that no later scrub of the address (another scope's erasure) deletes the proof
        // from the outbox, where with the outbox transport it is the delivered mail (erasure-files.ts).
        await ctx.mailer.send({ to: address, ...mails.certificateMail(mails.mailLocale(r.locale), op, r.id, report), headers: { [CERTIFICATE_HEADER]: r.id }, category: 'transactional' });
        return { ...report, certificateSent: true };
      } catch (err) {
        ctx.log.warn({ err: err instanceof Error ? err.message : 'unknown', request: r.id }, 'erasure certificate could not be sent');
        return { ...report, certificateSent: false };
      }
    }
    case 'correction': {
      const cs = await repo.corrections(ctx.db.k, r.id);
      await ctx.mailer.send({ to: address, ...mails.doneMail(mails.mailLocale(r.locale), op, r.type, r.id), category: 'transactional' });
      return { applied: cs.filter((c) => c.status === 'applied').length, declined: cs.filter((c) => c.status === 'declined').length };
    }
    case 'restriction': {
      const n = await ctx.db.k.transaction().execute((trx) => setRestricted(ctx, trx, r.workspace_id, rows.roots, true, { actor, reason: 'data subject request', requestId: r.id }));
      await ctx.mailer.send({ to: address, ...mails.doneMail(mails.mailLocale(r.locale), op, r.type, r.id), category: 'transactional' });
      return { restricted: n, subjects: rows.roots.length };
    }
    case 'withdraw_consent':
    case 'opt_out_sale': {
      const purposes = r.type === 'opt_out_sale' ? (['ads'] as const) : NON_NECESSARY;
      let records = 0;
      await ctx.db.k.transaction().execute(async (trx) => {
        for (const root of rows.roots) {
          const subject = root.table === 'users' ? { workspaceId: null, userId: root.id } : { workspaceId: r.workspace_id, contactId: root.id };
          records += await withdrawAll(ctx, subject, [...purposes], { actor, trx });
        }
      });
      await ctx.mailer.send({ to: address, ...mails.doneMail(mails.mailLocale(r.locale), op, r.type, r.id), category: 'transactional' });
      return { consentRecords: records, subjects: rows.roots.length };
    }
  }
}

export function registerRequestJobs(ctx: AppContext): void {
  const op = (r: repo.RequestRow): Promise<string> => controllerName(ctx, r.workspace_id);

  ctx.queue.register<{ requestId: string }>(JOBS.verify, async ({ requestId }) => {
    const r = await repo.findById(ctx.db.k, requestId);
    if (!r || r.status !== 'unverified') return { skipped: true };
    const token = randomToken();
    await repo.update(ctx.db.k, r.id, { verify_token_hash: sha256Hex(token) });
    await ctx.mailer.send({ to: r.email, ...mails.verifyMail(mails.mailLocale(r.locale), await op(r), r.type, `${ctx.config.baseUrl}/privacy/verify?token=${token}`), category: 'transactional' });
    return { sent: true };
  });

  ctx.queue.register<{ requestId: string }>(JOBS.ack, async ({ requestId }) => {
    const r = await repo.findById(ctx.db.k, requestId);
    // Once the answer has gone out (or an erasure has begun) an acknowledgement would only
    // bring the address back into the outbox.
    const pending = r?.status === 'open' || (r?.status === 'processing' && r.type !== 'deletion');
    if (!r || r.acknowledged_at || !pending) return { skipped: true };
    const clock = requestClock(r.jurisdiction, r.type, r.received_at);
    await ctx.mailer.send({ to: r.email, ...mails.ackMail(mails.mailLocale(r.locale), await op(r), r.type, r.id, r.due_at, clock.clock), category: 'transactional' });
    const at = ctx.clock.now().toISOString();
    await ctx.db.k.transaction().execute(async (trx) => {
      await repo.update(trx, r.id, { acknowledged_at: at, updated_at: at });
      await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: r.workspace_id, action: 'privacy_request.acknowledged', target: { type: 'privacy_request', id: r.id }, details: { dueAt: r.due_at } }, trx);
    });
    return { sent: true };
  });

  ctx.queue.register<{ requestId: string; kind: 'extended' | 'rejected' }>(JOBS.notice, async ({ requestId, kind }) => {
    const r = await repo.findById(ctx.db.k, requestId);
    if (!r) return { skipped: true };
    const from = await op(r);
    const mail = kind === 'extended' ? mails.extendedMail(mails.mailLocale(r.locale), from, r.type, r.id, r.due_at, r.extension_reason ?? '') : mails.rejectedMail(mails.mailLocale(r.locale), from, r.type, r.id, r.rejection_reason ?? '');
    await ctx.mailer.send({ to: r.email, ...mail, category: 'transactional' });
    return { sent: true };
  });

  ctx.queue.register<{ requestId: string; actorId: string | null; actorType: audit.ActorType }>(JOBS.complete, async ({ requestId, actorId, actorType }, job) => {
    const r = await repo.findById(ctx.db.k, requestId);
    if (!r || r.status !== 'processing') return { skipped: true };
    const actor: audit.Actor = { type: actorType, id: actorId };
    let result: Record<string, unknown>;
    try {
      result = await run(ctx, r, actor);
    } catch (err) {
      // After the last try the request goes back to the officer's queue rather than hanging in processing.
      if (job.attempt >= COMPLETE_ATTEMPTS) {
        await ctx.db.k.transaction().execute(async (trx) => {
          await repo.transition(trx, r.id, ['processing'], { status: 'open', updated_at: ctx.clock.now().toISOString() });
          await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: r.workspace_id, action: 'privacy_request.failed', target: { type: 'privacy_request', id: r.id } }, trx);
        });
      }
      throw err;
    }
    const at = ctx.clock.now().toISOString();
    await ctx.db.k.transaction().execute(async (trx) => {
      await repo.update(trx, r.id, { status: 'completed', completed_at: at, result: JSON.stringify(result), updated_at: at });
      await audit.record(ctx.db, ctx.clock, { actor, workspaceId: r.workspace_id, action: 'privacy_request.completed', target: { type: 'privacy_request', id: r.id }, details: { type: r.type } }, trx);
    });
    return { done: true };
  });

  ctx.queue.register(EXPIRE_JOB, async () => {
    const rows = await repo.expireUnverified(ctx.db.k, ctx.clock.now().toISOString());
    for (const r of rows) await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: r.workspace_id, action: 'privacy_request.expired', target: { type: 'privacy_request', id: r.id } });
    return { expired: rows.length };
  });

  ctx.queue.register(ACCOUNT_DELETION_JOB, async () => ({ erased: await eraseDueAccounts(ctx) }));

  for (const [name, cron] of [[EXPIRE_JOB, '15 3 * * *'], [ACCOUNT_DELETION_JOB, '45 3 * * *']] as const) {
    ctx.queue.schedule(name, cron).catch((err: unknown) => ctx.log.error({ err, job: name }, 'could not schedule a privacy job'));
  }
}

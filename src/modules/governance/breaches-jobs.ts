/**
 * Mailing the subjects of a breach: queued recipients in batches, each marked sent or failed as it
 * goes, progress reported on the job so the officer's page can show it. A retry (or a second
 * notify) picks up only what is still queued, so nobody is mailed twice.
 */
import type { AppContext } from '../../context.js';
import { mailLocale } from '../privacy/requests-mails.js';
import * as audit from '../audit/service.js';
import { breachNoticeMail } from './breaches-mails.js';
import * as repo from './breaches-repo.js';
import { controllerOf, NOTIFY_JOB } from './breaches-service.js';

export const NOTIFY_BATCH = 50;

/** A transport's error text can quote the address; keep the kind of failure only. */
function failureText(err: unknown): string {
  const code = (err as { code?: unknown; responseCode?: unknown } | null)?.code ?? (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'string' || typeof code === 'number' ? `delivery failed (${code})` : 'delivery failed';
}

export async function runNotify(ctx: AppContext, breachId: string, progress: (done: number, total: number) => Promise<void>): Promise<{ sent: number; failed: number }> {
  const b = await repo.findById(ctx.db.k, breachId);
  if (!b) return { sent: 0, failed: 0 };
  const who = await controllerOf(ctx, b.workspace_id);
  const start = await repo.recipientCounts(ctx.db.k, breachId);
  const total = start.queued;
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await repo.recipients(ctx.db.k, breachId, 'queued', NOTIFY_BATCH);
    if (!batch.length) break;
    for (const r of batch) {
      try {
        await ctx.mailer.send({ to: r.email, ...breachNoticeMail(mailLocale(r.locale), b, { controller: who.controller, contactEmail: who.dpoEmail }), category: 'transactional', workspaceId: b.workspace_id });
        await repo.markRecipient(ctx.db.k, r.id, { status: 'sent', sent_at: ctx.clock.now().toISOString(), error: null });
        sent++;
      } catch (err) {
        await repo.markRecipient(ctx.db.k, r.id, { status: 'failed', error: failureText(err) });
        failed++;
      }
    }
    await progress(sent + failed, total);
  }
  await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: b.workspace_id, action: 'breach.notify_finished', target: { type: 'breach', id: b.id }, details: { sent, failed } });
  return { sent, failed };
}

export function registerBreachJobs(ctx: AppContext): void {
  ctx.queue.register<{ breachId: string }>(NOTIFY_JOB, async ({ breachId }, job) => runNotify(ctx, breachId, (done, total) => job.progress(done, total)));
}

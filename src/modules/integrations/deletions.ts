import type { AppContext } from '../../context.js';
import { anyPendingProcessorTask, pendingProcessorTasks, settleProcessorTask } from '../privacy/processor-tasks.js';
import { adsClient, emailClient } from './connections.js';
import { recordDisclosure } from './disclosure.js';
import { ProviderError } from './http-client.js';
import * as repo from './repo.js';
import { safeError } from './runs.js';
import { PROVIDERS, type Provider } from './tables.js';

/**
 * The worker for the processor-deletion tasks the privacy engine queues on erasure (and on
 * restriction, `action = restrict`). Each task names the provider and the subject by the SHA-256
 * of the normalised email; the member ids we kept for that hash say what to delete:
 * - Mailchimp: erase → permanent delete of the member; restrict → archive.
 * - Brevo: erase → DELETE the contact; restrict → take it off the list.
 * - Meta, LinkedIn: remove the hash from the audience (the hash is what they were sent).
 * - Google Analytics was sent pseudonymous visitor ids only, nothing keyed by an email: the task is
 *   marked `manual` (GA4's own user-deletion tool takes a client id, which erasure has removed here).
 * A task without a live connection is `not_connected`. A failed call leaves the task pending for
 * the next run (attempts counted) until MAX_ATTEMPTS, then `failed`.
 */
export const DELETION_JOB = 'integrations.processor_deletions';
export const MAX_ATTEMPTS = 6;
const BATCH = 100;

const isProvider = (r: string): r is Provider => (PROVIDERS as readonly string[]).includes(r);

async function apply(ctx: AppContext, conn: repo.ConnectionRow, action: string, ref: string): Promise<void> {
  const rows = await repo.remoteForTask(ctx.db.k, conn.workspace_id, conn.provider, ref);
  const at = ctx.clock.now().toISOString();
  if (conn.provider === 'mailchimp' || conn.provider === 'brevo') {
    const client = emailClient(ctx, conn);
    for (const r of rows) {
      try {
        if (action === 'restrict') await client.archive(r.remote_id);
        else await client.erase(r.remote_id);
      } catch (err) {
        // Already gone there: the deletion holds.
        if (!(err instanceof ProviderError && err.status === 404)) throw err;
      }
      if (action === 'restrict') await repo.setRemoteStatus(ctx.db.k, r.id, 'archived', at);
      else await repo.deleteRemote(ctx.db.k, r.id);
    }
  } else {
    await adsClient(ctx, conn).removeUsers([ref]);
    for (const r of rows) await repo.deleteRemote(ctx.db.k, r.id);
  }
}

export async function processDeletions(ctx: AppContext): Promise<{ done: number; pending: number; failed: number }> {
  const out = { done: 0, pending: 0, failed: 0 };
  const tasks = await pendingProcessorTasks(ctx, PROVIDERS, BATCH);
  const disclosed = new Map<string, { conn: repo.ConnectionRow; n: number; first: string }>();
  for (const t of tasks) {
    const at = ctx.clock.now().toISOString();
    const set = (s: { status: string; error?: string | null; attempts?: number }) => settleProcessorTask(ctx, t.id, { status: s.status, error: s.error ?? null, attempts: s.attempts ?? t.attempts }, at);
    if (!isProvider(t.recipient)) continue;
    const conn = t.workspace_id ? await repo.connection(ctx.db.k, t.workspace_id, t.recipient) : undefined;
    if (!conn || conn.status === 'disconnected' || !conn.secret) {
      await set({ status: 'not_connected' });
      out.done++;
      continue;
    }
    if (conn.provider === 'google_analytics') {
      await set({ status: 'manual', error: 'Google Analytics holds pseudonymous visitor ids only; use its user deletion tool with the client id' });
      out.done++;
      continue;
    }
    try {
      await apply(ctx, conn, t.action, t.subject_ref);
      await set({ status: 'done', attempts: t.attempts + 1 });
      out.done++;
      const d = disclosed.get(conn.id) ?? { conn, n: 0, first: at };
      d.n++;
      disclosed.set(conn.id, d);
    } catch (err) {
      const attempts = t.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await set({ status: failed ? 'failed' : 'pending', error: safeError(err), attempts });
      if (failed) out.failed++;
      else out.pending++;
    }
  }
  // Telling a processor to delete names the subject to it (by id or hash): one disclosure row per provider and run.
  for (const d of disclosed.values()) await recordDisclosure(ctx, { workspaceId: d.conn.workspace_id, provider: d.conn.provider, purpose: 'legal_compliance', dataCategories: ['identity'], subjectCount: d.n, firstAt: d.first, lastAt: ctx.clock.now().toISOString() });
  return out;
}

/** Whether a run has anything to do (the schedule's guard). */
export async function anyPending(ctx: AppContext): Promise<boolean> {
  return anyPendingProcessorTask(ctx, PROVIDERS);
}

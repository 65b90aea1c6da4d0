import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as campaigns from './campaigns-repo.js';
import * as lists from './lists-repo.js';
import { memberIds as segmentMemberIds } from './segments-service.js';
import { sendBatch } from './send-batch.js';
import * as repo from './send-repo.js';
import { getSettings } from './send-settings.js';

/**
 * Sending a campaign, as a chain of short jobs. The first job resolves the audience into one
 * queued row per contact (so a list changed mid-send does not change who gets it); each job then
 * hands out mails within the workspace's rate (counted over the last minute of all its campaigns,
 * in the database, so every app node sees the same count), and queues the next job when the rate
 * or its time slice runs out. Pausing is a status change the next batch sees. Every recipient
 * passes the consent gate, the suppression list and, where required, double opt-in.
 */
export const SEND_JOB = 'marketing.send';

export interface SendPayload {
  workspaceId: string;
  campaignId: string;
  /** One chain of jobs per start or resume; with `seq` it keys the idempotent enqueue. */
  run: string;
  seq: number;
}

const BATCH = 200;
const SLICE_MS = 20_000;
const LEASE_MS = 10 * 60_000;

/** Tries per job before its chain counts as failed; the backoff doubles from 1 s, so about 15 s in all. */
export const SEND_ATTEMPTS = 5;

/** A fresh chain id: the caller writes it to the campaign in the same update that moves its status. */
export function newRun(ctx: AppContext): string {
  return newId('run', ctx.clock.now().getTime());
}

/** Queues the first job of a chain whose id the campaign already carries. */
export async function startRun(ctx: AppContext, workspaceId: string, campaignId: string, run: string, runAt?: Date): Promise<void> {
  await enqueue(ctx, { workspaceId, campaignId, run, seq: 0 }, runAt);
}

async function enqueue(ctx: AppContext, p: SendPayload, runAt?: Date): Promise<void> {
  await ctx.queue.enqueue<SendPayload>(SEND_JOB, p, { idempotencyKey: `${SEND_JOB}:${p.campaignId}:${p.run}:${p.seq}`, workspaceId: p.workspaceId, maxAttempts: SEND_ATTEMPTS, ...(runAt ? { runAt } : {}) });
}

/** What went wrong, for members to read: the error's code and the relay's status, with any address masked. */
export function failureReason(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [typeof e.code === 'string' ? e.code : null, typeof e.responseCode === 'number' ? String(e.responseCode) : null].filter((x): x is string => x !== null);
  const message = (typeof e.message === 'string' ? e.message : String(err)).replace(/[^\s<>"'@,;:]+@[^\s<>"'@,;:]+/g, '[address]');
  return `${parts.length ? `${parts.join(' ')}: ` : ''}${message}`.slice(0, 500);
}

/**
 * The last try of a job failed: the chain is over, so the campaign leaves `sending` for `failed`
 * with the reason, where a member sees it and resumes when the relay is back. Only the campaign's
 * live chain may do this (a superseded chain's failure says nothing about the new one).
 */
async function markFailed(ctx: AppContext, p: SendPayload, err: unknown): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const moved = await campaigns.transition(ctx.db.k, p.workspaceId, p.campaignId, ['sending', 'scheduled'], { status: 'failed', failure_reason: failureReason(err), updated_at: now }, p.run);
  if (moved) await audit.record(ctx.db, ctx.clock, { actor: { type: 'system', id: null }, workspaceId: p.workspaceId, action: 'marketing.campaign_failed', target: { type: 'marketing_campaign', id: p.campaignId } });
}

/** One queued row per audience contact; run once per campaign (recipients_total marks it done). */
async function resolveAudience(ctx: AppContext, c: campaigns.CampaignRow): Promise<number> {
  const page = 1000;
  let after = '';
  for (;;) {
    const ids = c.list_id ? await lists.memberIds(ctx.db.k, c.workspace_id, c.list_id, after, page) : c.segment_id ? await segmentMemberIds(ctx, c.workspace_id, c.segment_id, after, page) : [];
    if (!ids.length) break;
    const now = ctx.clock.now();
    await repo.insertQueued(
      ctx.db.k,
      ids.map((contact_id) => ({
        id: newId('snd', now.getTime()),
        workspace_id: c.workspace_id,
        campaign_id: c.id,
        contact_id,
        email: null,
        status: 'queued' as const,
        skip_reason: null,
        tracked: 0,
        message_id: null,
        claimed_at: null,
        sent_at: null,
        bounced_at: null,
        complained_at: null,
        opened_at: null,
        clicked_at: null,
        unsubscribed_at: null,
        created_at: now.toISOString(),
      })),
    );
    after = ids[ids.length - 1] ?? '';
    if (ids.length < page) break;
  }
  const total = await repo.countFor(ctx.db.k, c.id);
  await campaigns.update(ctx.db.k, c.workspace_id, c.id, { recipients_total: total });
  return total;
}

/** One job of the chain: a slice of batches within the rate, then the next job or the end. */
export async function runSendJob(ctx: AppContext, p: SendPayload, progress?: (done: number, total: number) => Promise<void>): Promise<{ handed: number; done: boolean; status: string }> {
  const k = ctx.db.k;
  let c = await campaigns.find(k, p.workspaceId, p.campaignId);
  if (!c) return { handed: 0, done: true, status: 'deleted' };
  // A pause and resume (or a new schedule) started another chain: this one stops here, and cannot
  // claim rows either (claimMany checks the run too), so the campaign never has two chains at work.
  if (c.run_id !== null && c.run_id !== p.run) return { handed: 0, done: true, status: 'superseded' };
  const now = ctx.clock.now();
  if (c.status === 'scheduled') {
    // A campaign moved to a later time leaves its earlier job behind: that job does nothing.
    if (c.scheduled_at && new Date(c.scheduled_at).getTime() > now.getTime()) return { handed: 0, done: false, status: 'scheduled' };
    if (!(await campaigns.transition(k, p.workspaceId, p.campaignId, ['scheduled'], { status: 'sending', started_at: now.toISOString(), updated_at: now.toISOString() }, p.run))) return { handed: 0, done: false, status: 'changed' };
    c = { ...c, status: 'sending' };
  }
  if (c.status !== 'sending') return { handed: 0, done: false, status: c.status };
  const total = c.recipients_total ?? (await resolveAudience(ctx, c));
  const ws = await k.selectFrom('workspaces').select('name').where('id', '=', c.workspace_id).executeTakeFirst();
  const { ratePerMinute, doubleOptIn } = await getSettings(k, c.workspace_id);
  await repo.releaseStale(k, c.id, new Date(now.getTime() - LEASE_MS).toISOString());
  const started = Date.now();
  let handed = 0;
  for (;;) {
    const at = ctx.clock.now();
    const budget = ratePerMinute - (await repo.sentSince(k, c.workspace_id, new Date(at.getTime() - 60_000).toISOString()));
    if (budget <= 0) {
      // The window frees up as the oldest mail of the last minute ages out; a second is close enough.
      await enqueue(ctx, { ...p, seq: p.seq + 1 }, new Date(at.getTime() + Math.max(1000, Math.ceil(60_000 / ratePerMinute))));
      return { handed, done: false, status: 'rate_limited' };
    }
    const batch = await repo.nextQueued(k, c.id, Math.min(budget, BATCH));
    if (!batch.length) {
      if ((await repo.pending(k, c.id)) === 0) {
        const end = ctx.clock.now().toISOString();
        await campaigns.transition(k, c.workspace_id, c.id, ['sending'], { status: 'sent', finished_at: end, updated_at: end });
        return { handed, done: true, status: 'sent' };
      }
      // Rows another worker holds: it finishes them; a crashed one is released by the lease above.
      await enqueue(ctx, { ...p, seq: p.seq + 1 }, new Date(at.getTime() + 5000));
      return { handed, done: false, status: 'waiting' };
    }
    handed += await sendBatch(ctx, c, p.run, ws?.name ?? 'Kodepos', doubleOptIn, batch);
    if (progress) await progress(total - (await repo.pending(k, c.id)), total);
    const fresh = await campaigns.find(k, p.workspaceId, p.campaignId);
    if (fresh?.status !== 'sending') return { handed, done: false, status: fresh?.status ?? 'deleted' };
    if (fresh.run_id !== null && fresh.run_id !== p.run) return { handed, done: true, status: 'superseded' };
    if (Date.now() - started > SLICE_MS) {
      await enqueue(ctx, { ...p, seq: p.seq + 1 });
      return { handed, done: false, status: 'continued' };
    }
  }
}

export function registerSendJobs(ctx: AppContext): void {
  ctx.queue.register<SendPayload>(
    SEND_JOB,
    async (payload, job) => {
      try {
        return await runSendJob(ctx, payload, (done, total) => job.progress(done, total, 'sending'));
      } catch (err) {
        if (job.attempt >= SEND_ATTEMPTS) await markFailed(ctx, payload, err);
        throw err;
      }
    },
    { concurrency: 2 },
  );
}

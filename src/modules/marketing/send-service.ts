import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { canProcess } from '../privacy/consent.js';
import * as consentRepo from '../privacy/consent-repo.js';
import * as campaigns from './campaigns-repo.js';
import type { CampaignCategory, SkipReason } from './campaigns-tables.js';
import * as lists from './lists-repo.js';
import { memberIds as segmentMemberIds } from './segments-service.js';
import { needsDoubleOptIn, requestConfirmation } from './send-optin.js';
import { renderCampaignMail } from './send-mail.js';
import * as repo from './send-repo.js';
import { getSettings } from './send-settings.js';
import { blocks, suppress, suppressionReasons } from './suppression.js';

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

/** Email preferences per category, as the preference centre records them (wording version of a marketing consent). */
export const TOPICS: Record<Exclude<CampaignCategory, 'security_alert'>, string> = { product_update: 'email:product_updates', promotion: 'email:promotions' };

export async function startRun(ctx: AppContext, workspaceId: string, campaignId: string, runAt?: Date): Promise<void> {
  const run = newId('run', ctx.clock.now().getTime());
  await enqueue(ctx, { workspaceId, campaignId, run, seq: 0 }, runAt);
}

async function enqueue(ctx: AppContext, p: SendPayload, runAt?: Date): Promise<void> {
  await ctx.queue.enqueue<SendPayload>(SEND_JOB, p, { idempotencyKey: `${SEND_JOB}:${p.campaignId}:${p.run}:${p.seq}`, workspaceId: p.workspaceId, ...(runAt ? { runAt } : {}) });
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

type Outcome = { sent: true } | { sent: false; reason: SkipReason | 'rejected' };

/** Why this contact must not get this mail, or null when it may go. Gate decisions are recorded. */
async function refusal(ctx: AppContext, c: campaigns.CampaignRow, contact: { id: string; email: string; country: string | null }): Promise<SkipReason | null> {
  const k = ctx.db.k;
  const subject = { workspaceId: c.workspace_id, contactId: contact.id };
  if (blocks(await suppressionReasons(k, c.workspace_id, contact.email), c.category === 'security_alert')) return 'suppressed';
  if (c.category === 'security_alert') {
    // Required by law (a breach or account-security notice): it rests on legal obligation, so even
    // a restricted subject gets it; the gate still records the decision.
    const gate = await canProcess(ctx, subject, 'necessary', 'email:security_alert');
    return gate.allowed ? null : 'no_consent';
  }
  const gate = await canProcess(ctx, subject, 'marketing', `email:${c.category}`);
  if (!gate.allowed) return gate.reason === 'restricted' ? 'restricted' : 'no_consent';
  const topic = await consentRepo.latest(k, subject, 'marketing', TOPICS[c.category]);
  if (topic && topic.granted !== 1) return 'category_off';
  const settings = await getSettings(k, c.workspace_id);
  if (needsDoubleOptIn(settings.doubleOptIn, contact.country) && !(await requestConfirmation(ctx, c.workspace_id, contact.id))) return 'double_opt_in_pending';
  return null;
}

async function deliver(ctx: AppContext, c: campaigns.CampaignRow, workspaceName: string, send: repo.SendRow): Promise<Outcome> {
  const k = ctx.db.k;
  const contact = await k.selectFrom('contacts').select(['id', 'email', 'first_name', 'last_name', 'locale', 'country']).where('workspace_id', '=', c.workspace_id).where('id', '=', send.contact_id).executeTakeFirst();
  if (!contact?.email) {
    await repo.markSkipped(k, send.id, 'no_email');
    return { sent: false, reason: 'no_email' };
  }
  const email = contact.email;
  const reason = await refusal(ctx, c, { id: contact.id, email, country: contact.country });
  if (reason) {
    await repo.markSkipped(k, send.id, reason);
    return { sent: false, reason };
  }
  // Opens and clicks are measured only with the contact's analytics consent (the gate records that too).
  const tracked = (await canProcess(ctx, { workspaceId: c.workspace_id, contactId: contact.id }, 'analytics', 'email_tracking')).allowed;
  const msg = renderCampaignMail(
    { subject: c.subject, html: c.html, category: c.category, workspaceName },
    { sendId: send.id, email, firstName: contact.first_name, lastName: contact.last_name, locale: contact.locale },
    { baseUrl: ctx.config.baseUrl, secret: ctx.secret, tracked },
  );
  try {
    const info = await ctx.mailer.send(msg);
    await repo.markSent(k, send.id, { email, messageId: info.messageId, tracked, at: ctx.clock.now().toISOString() });
    return { sent: true };
  } catch (err) {
    // The relay refused this address for good (5xx): a hard bounce, never tried again. Anything
    // else (connection lost, 4xx) puts the row back and fails the job, which retries with backoff.
    const code = (err as { responseCode?: unknown }).responseCode;
    if (typeof code === 'number' && code >= 500 && code < 600) {
      const at = ctx.clock.now().toISOString();
      await repo.markRejected(k, send.id, email, at);
      await suppress(k, c.workspace_id, email, 'hard_bounce', at);
      return { sent: false, reason: 'rejected' };
    }
    await repo.unclaim(k, send.id);
    throw err;
  }
}

/** One job of the chain: a slice of batches within the rate, then the next job or the end. */
export async function runSendJob(ctx: AppContext, p: SendPayload, progress?: (done: number, total: number) => Promise<void>): Promise<{ handed: number; done: boolean; status: string }> {
  const k = ctx.db.k;
  let c = await campaigns.find(k, p.workspaceId, p.campaignId);
  if (!c) return { handed: 0, done: true, status: 'deleted' };
  const now = ctx.clock.now();
  if (c.status === 'scheduled') {
    // A campaign moved to a later time leaves its earlier job behind: that job does nothing.
    if (c.scheduled_at && new Date(c.scheduled_at).getTime() > now.getTime()) return { handed: 0, done: false, status: 'scheduled' };
    if (!(await campaigns.transition(k, p.workspaceId, p.campaignId, ['scheduled'], { status: 'sending', started_at: now.toISOString(), updated_at: now.toISOString() }))) return { handed: 0, done: false, status: 'changed' };
    c = { ...c, status: 'sending' };
  }
  if (c.status !== 'sending') return { handed: 0, done: false, status: c.status };
  const total = c.recipients_total ?? (await resolveAudience(ctx, c));
  const ws = await k.selectFrom('workspaces').select('name').where('id', '=', c.workspace_id).executeTakeFirst();
  const { ratePerMinute } = await getSettings(k, c.workspace_id);
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
    for (const send of batch) {
      if (!(await repo.claim(k, send.id, ctx.clock.now().toISOString()))) continue;
      await deliver(ctx, c, ws?.name ?? 'Kodepos', send);
      handed++;
    }
    if (progress) await progress(total - (await repo.pending(k, c.id)), total);
    const fresh = await campaigns.find(k, p.workspaceId, p.campaignId);
    if (fresh?.status !== 'sending') return { handed, done: false, status: fresh?.status ?? 'deleted' };
    if (Date.now() - started > SLICE_MS) {
      await enqueue(ctx, { ...p, seq: p.seq + 1 });
      return { handed, done: false, status: 'continued' };
    }
  }
}

export function registerSendJobs(ctx: AppContext): void {
  ctx.queue.register<SendPayload>(SEND_JOB, (payload, job) => runSendJob(ctx, payload, (done, total) => job.progress(done, total, 'sending')), { concurrency: 2 });
}

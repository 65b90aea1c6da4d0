/**
 * Billing jobs through the queue, hourly with a guard (an idle deployment writes no job rows):
 * - renewal: period ends (renew, start the first paid period after a trial, or end a subscription
 *   set to cancel), and active subscriptions with an invoice past due go past_due;
 * - dunning: past-due subscriptions get a mail on days 1, 3 and 7 after the failure, and are
 *   cancelled on day 14. `dunning_stage` records what was mailed, so a retried job mails nobody twice.
 */
import type { AppContext } from '../../context.js';
import { DAY } from '../../lib/clock.js';
import { SYSTEM, record } from '../audit/service.js';
import { dunningMail, type DunningStage } from './mails.js';
import * as repo from './repo.js';
import { endSubscription, renew } from './subscriptions-service.js';

export const RENEWAL_JOB = 'billing.renewals';
export const DUNNING_JOB = 'billing.dunning';
export const BILLING_CRON = '7 * * * *';
const BATCH = 200;
/** Day after the failure → the stage reached that day. */
export const DUNNING_DAYS: { day: number; stage: 1 | 2 | 3 | 4 }[] = [
  { day: 1, stage: 1 },
  { day: 3, stage: 2 },
  { day: 7, stage: 3 },
  { day: 14, stage: 4 },
];

export async function runRenewals(ctx: AppContext): Promise<{ renewed: number; cancelled: number; pastDue: number }> {
  const out = { renewed: 0, cancelled: 0, pastDue: 0 };
  const now = ctx.clock.now().toISOString();
  for (;;) {
    const due = await repo.periodEnded(ctx.db.k, now, BATCH);
    if (due.length === 0) break;
    let progressed = 0;
    for (const s of due) {
      const r = await renew(ctx, s.workspace_id);
      if (r === 'renewed') out.renewed++;
      if (r === 'cancelled') out.cancelled++;
      if (r !== 'skipped') progressed++;
    }
    if (progressed === 0) break;
  }
  for (const o of await repo.overdue(ctx.db.k, now, BATCH)) {
    await repo.updateSubscription(ctx.db.k, o.workspace_id, { status: 'past_due', past_due_since: now, dunning_stage: 0, updated_at: now });
    await record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId: o.workspace_id, action: 'billing.past_due', target: { type: 'workspace', id: o.workspace_id } });
    out.pastDue++;
  }
  return out;
}

export async function runDunning(ctx: AppContext): Promise<{ mailed: number; cancelled: number }> {
  const out = { mailed: 0, cancelled: 0 };
  const now = ctx.clock.now();
  for (const s of await repo.pastDue(ctx.db.k, 10_000)) {
    if (!s.past_due_since) continue;
    const days = (now.getTime() - new Date(s.past_due_since).getTime()) / DAY;
    const reached = DUNNING_DAYS.filter((d) => days >= d.day).at(-1)?.stage;
    if (reached === undefined || reached <= s.dunning_stage) continue;
    const at = now.toISOString();
    const stage: DunningStage = reached === 4 ? 'cancelled' : reached;
    // The stage is saved before mailing: a crash between the two loses one reminder rather than sending it twice.
    if (reached === 4) {
      await ctx.db.k.transaction().execute(async (trx) => {
        await endSubscription(trx, s.workspace_id, at);
        await repo.updateSubscription(trx, s.workspace_id, { dunning_stage: 4 });
        await record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId: s.workspace_id, action: 'billing.cancelled', target: { type: 'billing_subscription', id: s.id }, details: { reason: 'dunning' } }, trx);
      });
      out.cancelled++;
    } else await repo.updateSubscription(ctx.db.k, s.workspace_id, { dunning_stage: reached, updated_at: at });
    const ws = (await repo.workspaceName(ctx.db.k, s.workspace_id))?.name ?? '';
    for (const o of await repo.owners(ctx.db.k, s.workspace_id)) {
      const mail = dunningMail(stage, o.locale, { workspace: ws, link: `${ctx.config.baseUrl}/settings/billing`, operator: ctx.config.operator.name });
      await ctx.mailer.send({ to: o.email, ...mail, category: 'transactional' });
      out.mailed++;
    }
  }
  return out;
}

async function renewalsDue(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock.now().toISOString();
  return (await repo.periodEnded(ctx.db.k, now, 1)).length > 0 || (await repo.overdue(ctx.db.k, now, 1)).length > 0;
}

export function registerBillingJobs(ctx: AppContext): void {
  ctx.queue.register(RENEWAL_JOB, () => runRenewals(ctx), { leaseMs: 10 * 60_000 });
  ctx.queue.register(DUNNING_JOB, () => runDunning(ctx), { leaseMs: 10 * 60_000 });
  ctx.queue.schedule(RENEWAL_JOB, BILLING_CRON, null, { when: () => renewalsDue(ctx) }).catch((err: unknown) => ctx.log.error({ err, job: RENEWAL_JOB }, 'could not schedule billing renewals'));
  ctx.queue.schedule(DUNNING_JOB, BILLING_CRON, null, { when: async () => (await repo.pastDue(ctx.db.k, 1)).length > 0 }).catch((err: unknown) => ctx.log.error({ err, job: DUNNING_JOB }, 'could not schedule billing dunning'));
}

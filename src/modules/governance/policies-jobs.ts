import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { policyNoticeMail } from './policies-mails.js';
import { POLICY_NOTICE_JOB } from './policies.js';
import * as prepo from './policies-repo.js';

const BATCH = 200;

/**
 * Sends one notice to every registered user, a page of users at a time, reporting progress after
 * each page. The payload carries ids only; a retry starts over from the first user, so the job is
 * kept to sending (nothing else that a repeat would double).
 */
export async function forEveryUser(ctx: AppContext, job: JobContext, send: (u: prepo.Recipient) => Promise<void>): Promise<{ sent: number }> {
  const total = await prepo.userCount(ctx.db.k);
  let sent = 0;
  let after = '';
  await job.progress(0, total, null);
  for (;;) {
    const page = await prepo.usersPage(ctx.db.k, after, BATCH);
    if (page.length === 0) break;
    for (const u of page) {
      await send(u);
      sent++;
    }
    after = page[page.length - 1]?.id ?? after;
    await job.progress(sent, Math.max(total, sent), null);
    if (page.length < BATCH) break;
  }
  return { sent };
}

export function registerPolicyJobs(ctx: AppContext): void {
  ctx.queue.register<{ policyVersionId: string }>(POLICY_NOTICE_JOB, async ({ policyVersionId }, job) => {
    const p = await prepo.byId(ctx.db.k, policyVersionId);
    if (!p?.published_at) return { skipped: true };
    const url = `${ctx.config.baseUrl}/privacy`;
    const facts = { version: p.version, effectiveAt: p.effective_at, material: p.material === 1 };
    return forEveryUser(ctx, job, async (u) => {
      await ctx.mailer.send({ to: u.email, ...policyNoticeMail(u.locale, ctx.config.operator.name, u.name, facts, url), category: 'transactional' });
    });
  });
}

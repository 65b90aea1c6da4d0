import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { policyNoticeMail } from './policies-mails.js';
import { POLICY_NOTICE_JOB } from './policies.js';
import * as prepo from './policies-repo.js';

const BATCH = 200;

/**
 * Sends one notice to every registered user, in id order, a page of users at a time, reporting
 * progress after each page. The position (the last user mailed) is saved after every mail under
 * the job's id, which both runners keep across retries: a retry after a refused mail or a lost
 * worker resumes behind the last user mailed, so nobody is mailed twice. (Only a crash between a
 * mail being accepted and its position being written can repeat that one mail.)
 */
export async function forEveryUser(ctx: AppContext, job: JobContext, send: (u: prepo.Recipient) => Promise<void>): Promise<{ sent: number }> {
  const total = await prepo.userCount(ctx.db.k);
  const saved = await prepo.noticeProgress(ctx.db.k, job.id);
  let sent = saved?.sent ?? 0;
  let after = saved?.last_user_id ?? '';
  await job.progress(sent, Math.max(total, sent), null);
  for (;;) {
    const page = await prepo.usersPage(ctx.db.k, after, BATCH);
    if (page.length === 0) break;
    for (const u of page) {
      await send(u);
      sent++;
      after = u.id;
      await prepo.saveNoticeProgress(ctx.db.k, { job_id: job.id, last_user_id: u.id, sent, updated_at: ctx.clock.now().toISOString() });
    }
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

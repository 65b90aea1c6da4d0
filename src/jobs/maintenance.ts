import type { AppContext } from '../context.js';
import { DAY } from '../lib/clock.js';

export const PURGE_JOB = 'jobs.purge';
/** Finished jobs are kept a week (to show results and progress), failed ones a month (to investigate). */
export const KEEP_FINISHED_MS = 7 * DAY;
export const KEEP_FAILED_MS = 30 * DAY;

export async function purgeFinishedJobs(ctx: AppContext): Promise<{ deleted: number }> {
  const now = ctx.clock.now().getTime();
  const finished = await ctx.db.k
    .deleteFrom('jobs')
    .where('status', 'in', ['completed', 'cancelled'])
    .where('finished_at', '<', new Date(now - KEEP_FINISHED_MS).toISOString())
    .executeTakeFirst();
  const failed = await ctx.db.k
    .deleteFrom('jobs')
    .where('status', '=', 'failed')
    .where('finished_at', '<', new Date(now - KEEP_FAILED_MS).toISOString())
    .executeTakeFirst();
  return { deleted: Number(finished.numDeletedRows) + Number(failed.numDeletedRows) };
}

/** The queue's own housekeeping: a daily purge of old job rows. */
export function registerJobMaintenance(ctx: AppContext): void {
  ctx.queue.register(PURGE_JOB, () => purgeFinishedJobs(ctx));
  ctx.queue.schedule(PURGE_JOB, '17 3 * * *').catch((err: unknown) => ctx.log.error({ err, job: PURGE_JOB }, 'could not schedule the job purge'));
}

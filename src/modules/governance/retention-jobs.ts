import type { AppContext } from '../../context.js';
import { runRetention } from './retention.js';

export const RETENTION_JOB = 'governance.retention';
/**
 * Daily at 03:10 UTC, after the night's analytics catch-up (00:20), so a day's raw events are rolled
 * up already. This run is the only one that deletes expired raw analytics events.
 */
export const RETENTION_CRON = '10 3 * * *';

/** The daily retention run through the queue, reporting its progress on the job row. */
export function registerRetentionJobs(ctx: AppContext): void {
  ctx.queue.register(
    RETENTION_JOB,
    async (_payload, job) => {
      // The job row is written at most once a second: a sweep of a million rows reports in batches.
      let last = 0;
      const r = await runRetention(ctx, async (done, total, message) => {
        if (Date.now() - last < 1000 && done < total) return;
        last = Date.now();
        await job.progress(done, total, message);
      });
      // A failed account makes the job fail, so the queue retries it; what succeeded stays done.
      if (r.failed > 0) throw new Error(`${r.failed} retention actions failed`);
      return r;
    },
    { leaseMs: 30 * 60_000 },
  );
  ctx.queue.schedule(RETENTION_JOB, RETENTION_CRON).catch((err: unknown) => ctx.log.error({ err, job: RETENTION_JOB }, 'could not schedule the retention run'));
}

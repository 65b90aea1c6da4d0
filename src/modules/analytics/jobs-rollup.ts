import type { AppContext } from '../../context.js';
import { catchUp, rollupRecent } from './rollup.js';

export const ROLLUP_RECENT_JOB = 'analytics.rollup_recent';
export const ROLLUP_CATCH_UP_JOB = 'analytics.rollup_catch_up';

/**
 * The aggregation jobs: today and yesterday every 10 minutes, and a daily pass over past days that
 * have events but no aggregates. Expired raw events are deleted by the retention engine's nightly
 * run (governance/retention-jobs.ts, 03:10 UTC, after the 00:20 catch-up), which calls
 * `applyRetention`; there is no second job of this module doing the same.
 */
export function registerRollupJobs(ctx: AppContext): void {
  const jobs: [string, string, () => Promise<unknown>][] = [
    [ROLLUP_RECENT_JOB, '*/10 * * * *', () => rollupRecent(ctx)],
    [ROLLUP_CATCH_UP_JOB, '20 0 * * *', () => catchUp(ctx)],
  ];
  for (const [name, cron, run] of jobs) {
    // Long passes over many sites: a generous lease so a slow run is not taken over by another node.
    ctx.queue.register(name, run, { leaseMs: 10 * 60_000 });
    ctx.queue.schedule(name, cron).catch((err: unknown) => ctx.log.error({ err, job: name }, 'could not schedule an analytics job'));
  }
}

import type { AppContext } from '../../context.js';
import { applyRetention } from './retention.js';
import { catchUp, rollupRecent } from './rollup.js';

export const ROLLUP_RECENT_JOB = 'analytics.rollup_recent';
export const ROLLUP_CATCH_UP_JOB = 'analytics.rollup_catch_up';
export const RETENTION_JOB = 'analytics.retention';

/**
 * The aggregation and retention jobs: today and yesterday every 10 minutes, a daily pass over
 * past days that have events but no aggregates, and the daily deletion of expired raw events
 * (after the catch-up, so it rarely has to aggregate a day itself).
 */
export function registerRollupJobs(ctx: AppContext): void {
  const jobs: [string, string, () => Promise<unknown>][] = [
    [ROLLUP_RECENT_JOB, '*/10 * * * *', () => rollupRecent(ctx)],
    [ROLLUP_CATCH_UP_JOB, '20 0 * * *', () => catchUp(ctx)],
    [RETENTION_JOB, '40 2 * * *', async () => ({ sites: (await applyRetention(ctx)).filter((s) => s.events > 0 || s.visitors > 0).length })],
  ];
  for (const [name, cron, run] of jobs) {
    // Long passes over many sites: a generous lease so a slow run is not taken over by another node.
    ctx.queue.register(name, run, { leaseMs: 10 * 60_000 });
    ctx.queue.schedule(name, cron).catch((err: unknown) => ctx.log.error({ err, job: name }, 'could not schedule an analytics job'));
  }
}

import type { AppContext } from '../../context.js';
import { purgeSalts } from './salts.js';

export const PURGE_SALTS_JOB = 'analytics.purge_salts';

/** Hourly, so a salt outlives its 48 hours by at most an hour. */
const PURGE_SALTS_CRON = '7 * * * *';

export function registerIngestJobs(ctx: AppContext): void {
  ctx.queue.register(PURGE_SALTS_JOB, async () => ({ deleted: await purgeSalts(ctx) }));
  ctx.queue.schedule(PURGE_SALTS_JOB, PURGE_SALTS_CRON).catch((err: unknown) => ctx.log.error({ err, job: PURGE_SALTS_JOB }, 'could not schedule an analytics job'));
}

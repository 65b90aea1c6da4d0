import type { AppContext } from '../../context.js';
import { purgeExpiredExports } from './export.js';

export const PURGE_EXPORTS_JOB = 'privacy.purge_exports';

/** Job handlers of the privacy engine: export archives are deleted once their link expires. */
export function privacyEngineJobs(ctx: AppContext): void {
  ctx.queue.register(PURGE_EXPORTS_JOB, () => purgeExpiredExports(ctx));
  ctx.queue.schedule(PURGE_EXPORTS_JOB, '25 3 * * *').catch((err: unknown) => ctx.log.error({ err, job: PURGE_EXPORTS_JOB }, 'could not schedule a privacy job'));
}

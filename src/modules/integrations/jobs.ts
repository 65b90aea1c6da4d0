import type { AppContext } from '../../context.js';
import { MINUTE } from '../../lib/clock.js';
import * as repo from './repo.js';
import { anyPending, DELETION_JOB, processDeletions } from './deletions.js';
import { forward } from './forward-ga4.js';
import { SYNC_JOB, type SyncPayload } from './service.js';
import { audience, conversions } from './sync-ads.js';
import { pull, push } from './sync-email.js';

/**
 * Jobs of the integrations module: one sync job per (connection, kind), and the processor-deletion
 * worker every minute when tasks wait (a failed call is tried again on the next run).
 */
export function registerIntegrationJobs(ctx: AppContext): void {
  ctx.queue.register<SyncPayload>(
    SYNC_JOB,
    async (p, job) => {
      const conn = await repo.connectionById(ctx.db.k, p.workspaceId, p.connectionId);
      if (!conn || conn.status === 'disconnected') return { skipped: 'not connected' };
      const runId = await (p.kind === 'push' ? push : p.kind === 'pull' ? pull : p.kind === 'audience' ? audience : p.kind === 'conversions' ? conversions : forward)(ctx, conn, job);
      return { runId };
    },
    { leaseMs: 10 * MINUTE },
  );
  ctx.queue.register(DELETION_JOB, () => processDeletions(ctx), { leaseMs: 5 * MINUTE });
  ctx.queue.schedule(DELETION_JOB, '* * * * *', null, { when: () => anyPending(ctx) }).catch((err: unknown) => ctx.log.error({ err, job: DELETION_JOB }, 'could not schedule the processor deletions job'));
}

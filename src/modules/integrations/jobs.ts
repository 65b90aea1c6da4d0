import type { AppContext } from '../../context.js';
import { MINUTE } from '../../lib/clock.js';
import * as repo from './repo.js';
import { anyPending, DELETION_JOB, processDeletions } from './deletions.js';
import { forward } from './forward-ga4.js';
import { defaultKinds, SYNC_JOB, type SyncPayload } from './service.js';
import { audience, conversions } from './sync-ads.js';
import { pull, push } from './sync-email.js';

/**
 * Jobs of the integrations module: one sync job per (connection, kind), and the processor-deletion
 * worker every minute when tasks wait (a failed call is tried again on the next run). Every hour,
 * each live connection gets its default syncs (the hour in the idempotency key makes one node's
 * tick enough when several share the queue).
 */
export const SCHEDULE_JOB = 'integrations.schedule';

export async function scheduleSyncs(ctx: AppContext): Promise<{ jobIds: string[] }> {
  const hour = ctx.clock.now().toISOString().slice(0, 13);
  const jobIds: string[] = [];
  for (const c of await repo.liveConnections(ctx.db.k)) {
    for (const kind of defaultKinds(c)) {
      jobIds.push(
        await ctx.queue.enqueue<SyncPayload>(
          SYNC_JOB,
          { workspaceId: c.workspace_id, connectionId: c.id, kind },
          {
            workspaceId: c.workspace_id,
            idempotencyKey: `integrations:${c.id}:${kind}:${hour}`,
            maxAttempts: 3,
            backoffMs: 30_000,
          },
        ),
      );
    }
  }
  return { jobIds };
}

export function registerIntegrationJobs(ctx: AppContext): void {
  ctx.queue.register<SyncPayload>(
    SYNC_JOB,
    async (p, job) => {
      const conn = await repo.connectionById(ctx.db.k, p.workspaceId, p.connectionId);
      if (!conn || conn.status === 'disconnected') return { skipped: 'not connected' };
      const runId = await (
        p.kind === 'push'
          ? push
          : p.kind === 'pull'
            ? pull
            : p.kind === 'audience'
              ? audience
              : p.kind === 'conversions'
                ? conversions
                : forward
      )(ctx, conn, job);
      return { runId };
    },
    { leaseMs: 10 * MINUTE },
  );
  ctx.queue.register(DELETION_JOB, () => processDeletions(ctx), { leaseMs: 5 * MINUTE });
  ctx.queue.register(SCHEDULE_JOB, () => scheduleSyncs(ctx));
  ctx.queue
    .schedule(SCHEDULE_JOB, '17 * * * *')
    .catch((err: unknown) =>
      ctx.log.error({ err, job: SCHEDULE_JOB }, 'could not schedule the hourly integration syncs'),
    );
  ctx.queue
    .schedule(DELETION_JOB, '* * * * *', null, { when: () => anyPending(ctx) })
    .catch((err: unknown) =>
      ctx.log.error({ err, job: DELETION_JOB }, 'could not schedule the processor deletions job'),
    );
}

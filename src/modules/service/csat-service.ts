import type { AppContext } from '../../context.js';

/** Job that creates the ticket's survey and mails the requester its rating links. */
export const CSAT_SEND_JOB = 'service.csat.send';

/**
 * Called by the ticket rules when a ticket becomes solved (and csat_enabled is on).
 * Only enqueues: the job decides again (settings, one survey per ticket), so a retry or a
 * second solve never mails twice.
 */
export async function queueCsatSurvey(ctx: AppContext, ticketId: string): Promise<void> {
  await ctx.queue.enqueue(
    CSAT_SEND_JOB,
    { ticketId },
    { idempotencyKey: `csat:${ticketId}` },
  );
}

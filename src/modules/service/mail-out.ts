import type { AppContext } from '../../context.js';

/** Enqueues the job that emails a public agent reply to the ticket's requester. */
export async function queueReplyMail(ctx: AppContext, ticketId: string, messageId: string): Promise<void> {
  await ctx.queue.enqueue('service.reply-mail', { ticketId, messageId }, { idempotencyKey: `service.reply-mail:${messageId}` });
}

/** Enqueues the acknowledgement to the requester of a new ticket ("we got your request #N"). */
export async function queueTicketCreatedMail(ctx: AppContext, ticketId: string): Promise<void> {
  await ctx.queue.enqueue('service.ticket-created-mail', { ticketId }, { idempotencyKey: `service.ticket-created-mail:${ticketId}` });
}

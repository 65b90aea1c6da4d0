import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { ackMail, ackMessageId, inboundDomain, mailLocale, newMessageId, replyAddress, replyMail, threadHeaders, type TicketInfo } from './mail-compose.js';
import * as repo from './mail-repo.js';
import { readAttachment } from './tickets-attachments.js';

/**
 * Mail to requesters, always through the job queue (one job per message, keyed by its id, so a
 * second call adds nothing): the acknowledgement of a new ticket and each public agent reply.
 * Threading headers come from the Message-IDs stored on the ticket's messages, the same ones
 * inbound mail is matched against, so a requester's mail client and our threading agree.
 */
export const JOBS = { reply: 'service.reply-mail', created: 'service.ticket-created-mail' } as const;
const ATTEMPTS = 5;
/**
 * Acknowledgements per requester per hour. An autoresponder that ignores Auto-Submitted and
 * answers from a fresh Message-ID each time would otherwise open a ticket and get an answer forever.
 */
const ACKS_PER_HOUR = 5;

/**
 * Enqueues the job that emails a public agent reply to the ticket's requester and marks the
 * message queued. Call it after the reply's transaction committed.
 */
export async function queueReplyMail(ctx: AppContext, ticketId: string, messageId: string): Promise<void> {
  await ctx.db.k.updateTable('ticket_messages').set({ delivery_status: 'queued' }).where('id', '=', messageId).where('ticket_id', '=', ticketId).where('author_type', '=', 'agent').where('internal', '=', 0).where('delivery_status', 'is', null).execute();
  await ctx.queue.enqueue(JOBS.reply, { ticketId, messageId }, { idempotencyKey: `${JOBS.reply}:${messageId}`, maxAttempts: ATTEMPTS, backoffMs: 30_000 });
}

/** Enqueues the acknowledgement to the requester of a new ticket ("we got your request #N"). */
export async function queueTicketCreatedMail(ctx: AppContext, ticketId: string): Promise<void> {
  await ctx.queue.enqueue(JOBS.created, { ticketId }, { idempotencyKey: `${JOBS.created}:${ticketId}`, maxAttempts: ATTEMPTS, backoffMs: 30_000 });
}

export function registerServiceMailJobs(ctx: AppContext): void {
  ctx.queue.register<{ ticketId: string; messageId: string }>(JOBS.reply, (p, job) => sendReply(ctx, p.messageId, job), { concurrency: 2 });
  ctx.queue.register<{ ticketId: string }>(JOBS.created, (p) => sendAck(ctx, p.ticketId), { concurrency: 2 });
}

async function info(ctx: AppContext, t: repo.TicketForMail): Promise<TicketInfo> {
  return { number: t.number, subject: t.subject, requesterName: t.requester_name, workspaceName: await repo.workspaceName(ctx.db.k, t.workspace_id) };
}

/** A transport's permanent refusal (5xx): retrying cannot help. */
const permanent = (err: unknown): boolean => {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

async function sendAck(ctx: AppContext, ticketId: string): Promise<{ sent: boolean }> {
  const t = await repo.ticket(ctx.db.k, ticketId);
  if (!t || t.merged_into_id) return { sent: false };
  const hourBefore = new Date(Date.parse(t.created_at) - 3_600_000).toISOString();
  if ((await repo.ticketsOpenedBetween(ctx.db.k, t.workspace_id, t.requester_email, hourBefore, t.created_at)) > ACKS_PER_HOUR) return { sent: false };
  const domain = inboundDomain(ctx.config);
  const mail = ackMail(mailLocale(t.locale), await info(ctx, t));
  // The request's own mail, when it came by email, so the acknowledgement sits in its thread.
  const thread = await repo.threadMessageIds(ctx.db.k, t.id, null);
  const send = ctx.mailer.send({
    to: t.requester_email,
    ...mail,
    category: 'transactional',
    messageId: ackMessageId(t.id, domain),
    headers: {
      ...threadHeaders(thread, null),
      'Reply-To': replyAddress(domain, await repo.inboundToken(ctx, t.workspace_id)),
      // RFC 3834: an automatic answer; well-behaved autoresponders do not answer it back.
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    },
  });
  try {
    await send;
  } catch (err) {
    // A transport's error names the recipient; the job's error (stored and logged) must not.
    if (permanent(err)) return { sent: false };
    throw new Error('acknowledgement not delivered; retrying');
  }
  return { sent: true };
}

async function attachmentsOf(ctx: AppContext, messageId: string): Promise<{ filename: string; contentType: string; content: Buffer }[]> {
  const rows = await repo.attachments(ctx.db.k, messageId);
  return rows.map((a) => ({ filename: a.filename, contentType: a.content_type, content: readAttachment(ctx, a) }));
}

async function sendReply(ctx: AppContext, messageId: string, job: JobContext): Promise<{ sent: boolean }> {
  const k = ctx.db.k;
  const m = await repo.message(k, messageId);
  // Internal notes and requester or system messages are never mailed; a sent reply is not sent twice.
  if (!m || m.internal !== 0 || m.author_type !== 'agent' || m.delivery_status === 'sent') return { sent: false };
  // The message's own ticket: a merge since queueing moved it to the ticket it was merged into.
  const t = await repo.ticket(k, m.ticket_id);
  if (!t) return { sent: false };
  const domain = inboundDomain(ctx.config);
  // Stored before sending, so a retry reuses the same Message-ID and the recipient sees one mail.
  let ownId = m.email_message_id;
  if (!ownId) {
    await k.updateTable('ticket_messages').set({ email_message_id: newMessageId(domain) }).where('id', '=', m.id).where('email_message_id', 'is', null).execute();
    ownId = (await repo.message(k, m.id))?.email_message_id ?? null;
  }
  if (!ownId) return { sent: false };
  const thread = await repo.threadMessageIds(k, t.id, m.created_at, m.id);
  const lastFromRequester = await repo.lastRequesterMessageId(k, t.id, m.created_at, m.id);
  const tInfo = await info(ctx, t);
  const agentName = m.author_name ?? (m.author_user_id ? await repo.userName(k, m.author_user_id) : null);
  const mail = replyMail(mailLocale(t.locale), tInfo, m.body_text, agentName, await repo.hasEarlierPublic(k, t.id, m.created_at, m.id));
  try {
    await ctx.mailer.send({
      to: t.requester_email,
      ...mail,
      category: 'transactional',
      messageId: ownId,
      attachments: await attachmentsOf(ctx, m.id),
      headers: { ...threadHeaders(t.channel === 'agent' ? thread : [ackMessageId(t.id, domain), ...thread], lastFromRequester), 'Reply-To': replyAddress(domain, await repo.inboundToken(ctx, t.workspace_id)) },
    });
  } catch (err) {
    const last = permanent(err) || job.attempt >= ATTEMPTS;
    if (last) await k.updateTable('ticket_messages').set({ delivery_status: 'failed' }).where('id', '=', m.id).execute();
    // The error names no address: transports put the recipient in their messages.
    ctx.log.warn({ ticketId: t.id, messageId: m.id, attempt: job.attempt, final: last, code: (err as { responseCode?: number }).responseCode ?? null }, 'service reply mail not delivered');
    if (last) return { sent: false };
    throw new Error('reply mail not delivered; retrying');
  }
  await k.updateTable('ticket_messages').set({ delivery_status: 'sent' }).where('id', '=', m.id).execute();
  return { sent: true };
}

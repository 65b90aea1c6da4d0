import type { AppContext } from '../../context.js';
import { droppedNote, selectAttachments } from './inbound-attachments.js';
import { parseInbound, type InboundMail } from './inbound-parse.js';
import { cleanSubject, inboundDomain, subjectTag, ticketIdOfAckMessageId } from './mail-compose.js';
import { addMessage, createTicket, findTicketByEmailMessageId, findTicketByNumber } from './tickets-service.js';
import type { TicketRow } from './tables.js';

/**
 * Inbound support mail of one workspace (raw MIME from the HTTP endpoint or the SMTP listener):
 * threaded onto its ticket by Message-ID (In-Reply-To, then References), else by a `[#N]`
 * subject tag when the sender is that ticket's requester, else a new ticket. A Message-ID seen
 * before returns the same ids and adds nothing. Auto-replies and bounces are dropped unanswered.
 */
export interface InboundResult {
  ticketId: string | null;
  messageId: string | null;
  created: boolean;
  duplicate: boolean;
  /** Why nothing was stored: an auto-reply/bounce, or mail from our own addresses (a loop). */
  ignored: 'automatic' | 'loop' | null;
}

async function known(ctx: AppContext, workspaceId: string, emailMessageId: string): Promise<InboundResult | null> {
  const r = await ctx.db.k.selectFrom('ticket_messages').select(['id', 'ticket_id']).where('workspace_id', '=', workspaceId).where('email_message_id', '=', emailMessageId).executeTakeFirst();
  return r ? { ticketId: r.ticket_id, messageId: r.id, created: false, duplicate: true, ignored: null } : null;
}

async function byId(ctx: AppContext, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  return ctx.db.k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** A merged ticket's mail goes to the ticket it was merged into. */
async function followMerges(ctx: AppContext, workspaceId: string, t: TicketRow | null | undefined): Promise<TicketRow | null> {
  let cur = t ?? null;
  for (let i = 0; i < 5 && cur?.merged_into_id; i++) cur = (await byId(ctx, workspaceId, cur.merged_into_id)) ?? cur;
  return cur;
}

/** The ticket this mail continues, or null for a new one. */
export async function threadOf(ctx: AppContext, workspaceId: string, mail: Pick<InboundMail, 'threadIds' | 'subject' | 'from'>): Promise<TicketRow | null> {
  if (mail.threadIds.length > 0) {
    const t = await findTicketByEmailMessageId(ctx, workspaceId, mail.threadIds);
    if (t) return followMerges(ctx, workspaceId, t);
    for (const id of mail.threadIds) {
      const ticketId = ticketIdOfAckMessageId(id);
      const acked = ticketId ? await byId(ctx, workspaceId, ticketId) : undefined;
      if (acked) return followMerges(ctx, workspaceId, acked);
    }
  }
  const n = subjectTag(mail.subject);
  if (n !== null) {
    const t = await findTicketByNumber(ctx, workspaceId, n);
    // Only the requester may thread by subject: anyone can type "[#12]", so a stranger gets a new ticket.
    if (t && t.requester_email.toLowerCase() === mail.from.email) return followMerges(ctx, workspaceId, t);
  }
  return null;
}

async function firstMessageId(ctx: AppContext, ticketId: string): Promise<string | null> {
  const r = await ctx.db.k.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).where('author_type', '!=', 'system').orderBy('created_at').orderBy('id').executeTakeFirst();
  return r?.id ?? null;
}

/** Mail from our own sending or reply addresses would answer itself forever. */
function fromUs(ctx: AppContext, sender: string): boolean {
  const own = /<([^>]+)>/.exec(ctx.config.mailFrom)?.[1] ?? ctx.config.mailFrom;
  return sender === own.trim().toLowerCase() || (sender.startsWith('support+') && sender.endsWith(`@${inboundDomain(ctx.config)}`));
}

export async function receiveParsed(ctx: AppContext, workspaceId: string, mail: InboundMail): Promise<InboundResult> {
  if (mail.automatic) return { ticketId: null, messageId: null, created: false, duplicate: false, ignored: 'automatic' };
  if (fromUs(ctx, mail.from.email)) return { ticketId: null, messageId: null, created: false, duplicate: false, ignored: 'loop' };
  const seen = await known(ctx, workspaceId, mail.messageId);
  if (seen) return seen;
  const { kept, dropped } = selectAttachments(mail.attachments);
  const ticket = await threadOf(ctx, workspaceId, mail);
  let result: InboundResult;
  try {
    if (ticket) {
      const m = await addMessage(ctx, {
        workspaceId, ticketId: ticket.id, authorType: 'requester', authorEmail: mail.from.email, authorName: mail.from.name ?? undefined,
        internal: false, body: mail.text, bodyHtml: mail.html ?? undefined, channel: 'email', emailMessageId: mail.messageId, attachments: kept,
      });
      // A closed ticket's mail opens a follow-up ticket: that is a new one too.
      result = { ticketId: m.ticket_id, messageId: m.id, created: m.ticket_id !== ticket.id, duplicate: false, ignored: null };
    } else {
      const t = await createTicket(ctx, {
        workspaceId, subject: (cleanSubject(mail.subject) || mail.text.split('\n')[0] || '(no subject)').slice(0, 250), body: mail.text, bodyHtml: mail.html ?? undefined,
        requesterEmail: mail.from.email, requesterName: mail.from.name ?? undefined, channel: 'email', locale: mail.locale, emailMessageId: mail.messageId, attachments: kept,
      });
      result = { ticketId: t.id, messageId: await firstMessageId(ctx, t.id), created: true, duplicate: false, ignored: null };
    }
  } catch (err) {
    // The same mail delivered twice at once: the unique Message-ID index let one through.
    const again = await known(ctx, workspaceId, mail.messageId);
    if (again) return again;
    throw err;
  }
  if (dropped.length > 0 && result.ticketId) {
    await addMessage(ctx, { workspaceId, ticketId: result.ticketId, authorType: 'system', internal: true, body: droppedNote(dropped), channel: 'email' });
  }
  return result;
}

/** Raw MIME in, ticket ids out; a malformed message is a 400 with a code (from parseInbound). */
export async function receiveTicketMail(ctx: AppContext, workspaceId: string, raw: Buffer): Promise<InboundResult> {
  return receiveParsed(ctx, workspaceId, await parseInbound(raw));
}

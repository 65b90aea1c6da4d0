import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { roundRobinAssignee } from './assign.js';
import { queueReplyMail, queueTicketCreatedMail } from './mail-out.js';
import * as settingsRepo from './settings-repo.js';
import { getServiceSettings } from './settings-service.js';
import { slaOnChange, slaOnCreate } from './sla-hooks.js';
import { removeFiles, storeAttachments, type NewFile } from './tickets-attachments.js';
import { ticketEvent } from './tickets-events.js';
import * as repo from './tickets-repo.js';
import { resolveRequester } from './tickets-requester.js';
import type { AttachmentRow, AuthorType, MessageRow, TicketChannel, TicketPriority, TicketRow, TicketStatus } from './tables.js';

/**
 * Ticket rules shared by every channel (agents, API, portal, widget, inbound mail): creating a
 * ticket with its first message, adding messages with the status changes they imply, and the
 * look-ups the other channels thread by. Mail and surveys are queued after the transaction commits.
 */
export type IncomingAttachment = NewFile;

export interface CreateTicketInput {
  workspaceId: string;
  subject: string;
  body: string;
  bodyHtml?: string | undefined;
  requesterEmail: string;
  requesterName?: string | undefined;
  priority?: TicketPriority | undefined;
  channel: TicketChannel;
  locale?: string | undefined;
  tags?: string[] | undefined;
  teamId?: string | undefined;
  assigneeId?: string | undefined;
  actorUserId?: string | undefined;
  /** Audit actor when it is not the user (an API key); defaults to the user, else the system. */
  actor?: audit.Actor | undefined;
  emailMessageId?: string | undefined;
  attachments?: IncomingAttachment[] | undefined;
}

export interface AddMessageInput {
  workspaceId: string;
  ticketId: string;
  authorType: AuthorType;
  authorUserId?: string | undefined;
  authorEmail?: string | undefined;
  authorName?: string | undefined;
  internal: boolean;
  body: string;
  bodyHtml?: string | undefined;
  channel: TicketChannel;
  emailMessageId?: string | undefined;
  attachments?: IncomingAttachment[] | undefined;
  /** Files uploaded to the ticket earlier (POST …/attachments), sent with this message. */
  attachmentIds?: string[] | undefined;
  actor?: audit.Actor | undefined;
}

const LOCALES = new Set(['en', 'id']);
const normEmail = (e: string): string => e.trim().toLowerCase();
const actorOf = (userId: string | undefined, given: audit.Actor | undefined): audit.Actor => given ?? (userId ? { type: 'user', id: userId } : audit.SYSTEM);

function isUniqueViolation(err: unknown, marker: RegExp): boolean {
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown };
  const text = `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  return (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /unique/i.test(text)) && marker.test(text);
}
const NUMBER_TAKEN = /tickets_ws_number_uq|tickets\.workspace_id, tickets\.number/;
const MESSAGE_ID_TAKEN = /ticket_messages_msgid_uq|ticket_messages\.workspace_id, ticket_messages\.email_message_id/;

/** Validates a team and an assignee named by the caller: both must belong to the workspace. */
export async function checkRouting(k: Kysely<Database>, workspaceId: string, teamId: string | null | undefined, assigneeId: string | null | undefined): Promise<void> {
  const details: { field: string; message: string }[] = [];
  if (teamId && !(await repo.isTeamOf(k, workspaceId, teamId))) details.push({ field: 'body.teamId', message: 'no such team in this workspace' });
  if (assigneeId && !(await repo.isAgent(k, workspaceId, assigneeId))) details.push({ field: 'body.assigneeId', message: 'not a member of this workspace who works tickets' });
  if (details.length) throw badRequest('validation_failed', 'The team or assignee is not valid here', details);
}

/** A new ticket with its first message; see SERVICE.md for who calls it from where. */
export async function createTicket(ctx: AppContext, input: CreateTicketInput): Promise<TicketRow> {
  const ws = input.workspaceId;
  const email = normEmail(input.requesterEmail);
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) throw badRequest('validation_failed', 'The requester needs a valid email address', [{ field: 'body.requesterEmail', message: 'invalid email' }]);
  const settings = await getServiceSettings(ctx, ws);
  const actor = actorOf(input.actorUserId, input.actor);
  const agentMade = input.channel === 'agent';
  for (let attempt = 1; ; attempt++) {
    const written: string[] = [];
    try {
      const { ticket, message } = await ctx.db.k.transaction().execute(async (trx) => {
        const s = (await settingsRepo.lock(trx, ws, ctx.db.dialect === 'postgres')) ?? settings;
        await checkRouting(trx, ws, input.teamId, input.assigneeId);
        const requester = await resolveRequester(ctx, trx, ws, email, input.requesterName, actor);
        let assignee = input.assigneeId ?? null;
        if (!assignee) {
          assignee = await roundRobinAssignee(trx, s, input.teamId ?? null);
          if (assignee) await settingsRepo.update(trx, ws, { round_robin_last_user_id: assignee });
        }
        const now = ctx.clock.now().toISOString();
        const subject = input.subject.trim().slice(0, 500) || '(no subject)';
        const locale = input.locale && LOCALES.has(input.locale) ? input.locale : s.default_locale;
        const ticket: TicketRow = {
          id: newId('tkt'),
          workspace_id: ws,
          number: await repo.nextNumber(trx, ws),
          subject,
          status: 'new',
          priority: input.priority ?? 'normal',
          channel: input.channel,
          requester_contact_id: requester.contactId,
          requester_user_id: requester.userId,
          requester_email: email,
          requester_name: input.requesterName?.trim().slice(0, 200) || null,
          locale,
          assignee_id: assignee,
          team_id: input.teamId ?? null,
          tags: JSON.stringify([...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))]),
          merged_into_id: null,
          sla_policy_id: null,
          first_response_due_at: null,
          resolution_due_at: null,
          first_responded_at: null,
          sla_paused_at: null,
          sla_paused_ms: 0,
          first_response_breached_at: null,
          resolution_breached_at: null,
          sla_warned: '[]',
          solved_at: null,
          closed_at: null,
          last_message_at: now,
          created_at: now,
          updated_at: now,
        };
        await repo.insertTicket(trx, ticket);
        const message: MessageRow = {
          id: newId('tmsg'),
          workspace_id: ws,
          ticket_id: ticket.id,
          author_type: agentMade ? 'agent' : 'requester',
          author_user_id: agentMade ? (input.actorUserId ?? null) : null,
          author_email: agentMade ? null : email,
          author_name: agentMade ? null : ticket.requester_name,
          internal: 0,
          body_text: input.body,
          body_html: input.bodyHtml ?? null,
          channel: input.channel,
          email_message_id: input.emailMessageId ?? null,
          delivery_status: null,
          created_at: now,
        };
        await repo.insertMessage(trx, message);
        if (input.attachments?.length) {
          await storeAttachments(ctx, trx, { workspaceId: ws, ticketId: ticket.id, messageId: message.id, uploadedBy: agentMade ? (input.actorUserId ?? null) : null, now }, input.attachments, written);
        }
        await slaOnCreate(ctx, trx, ticket.id);
        await audit.record(ctx.db, ctx.clock, { actor, workspaceId: ws, action: 'ticket.created', target: { type: 'ticket', id: ticket.id }, details: { number: ticket.number, channel: ticket.channel, assigneeId: assignee, teamId: ticket.team_id, contactId: requester.contactId, attachments: input.attachments?.length ?? 0 } }, trx);
        await ticketEvent(ctx, trx, ws, ticket.id, 'created', [], actor);
        return { ticket: (await repo.findTicket(trx, ws, ticket.id)) ?? ticket, message };
      });
      // An agent opening a ticket writes to the requester: that first message goes out as a reply.
      if (agentMade) await queueReplyMail(ctx, ticket.id, message.id);
      else await queueTicketCreatedMail(ctx, ticket.id);
      return ticket;
    } catch (err) {
      removeFiles(ctx, written);
      // Two processes numbering at once on SQLite (PostgreSQL waits on the settings row): try again.
      if (isUniqueViolation(err, NUMBER_TAKEN) && attempt < 5) continue;
      if (isUniqueViolation(err, MESSAGE_ID_TAKEN)) throw conflict('duplicate_message', 'A message with this Message-ID is already on a ticket');
      throw err;
    }
  }
}

/** Follows merges to the ticket a thread lives on now. */
async function liveTicket(ctx: AppContext, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  let t = await repo.findTicket(ctx.db.k, workspaceId, id);
  for (let hops = 0; t?.merged_into_id && hops < 10; hops++) t = (await repo.findTicket(ctx.db.k, workspaceId, t.merged_into_id)) ?? t;
  return t;
}

/** The status a new message leaves the ticket in. */
function statusAfter(t: TicketRow, authorType: AuthorType, internal: boolean): TicketStatus {
  if (authorType === 'requester' && (t.status === 'pending' || t.status === 'solved')) return 'open';
  if (authorType === 'agent' && !internal && t.status === 'new') return 'open';
  return t.status;
}

/**
 * A message on a ticket. A requester writing to a closed ticket opens a follow-up ticket (closed is
 * final); agents cannot write on a closed ticket.
 */
export async function addMessage(ctx: AppContext, input: AddMessageInput): Promise<MessageRow> {
  const ws = input.workspaceId;
  const found = await liveTicket(ctx, ws, input.ticketId);
  if (!found) throw notFound('Ticket');
  if (found.status === 'closed') {
    if (input.authorType !== 'requester') throw conflict('ticket_closed', 'This ticket is closed; a closed ticket does not change');
    return followUp(ctx, found, input);
  }
  const internal = input.authorType === 'system' ? true : input.internal;
  const actor = actorOf(input.authorUserId, input.actor);
  const written: string[] = [];
  let message: MessageRow;
  try {
    message = await ctx.db.k.transaction().execute(async (trx) => {
      const t = (await repo.findTicket(trx, ws, found.id)) ?? found;
      const now = ctx.clock.now().toISOString();
      const agent = input.authorType === 'agent';
      const m: MessageRow = {
        id: newId('tmsg'),
        workspace_id: ws,
        ticket_id: t.id,
        author_type: input.authorType,
        // Only members are linked by account: a requester is known by address (the data map relies on it).
        author_user_id: agent ? (input.authorUserId ?? null) : null,
        author_email: input.authorEmail ? normEmail(input.authorEmail) : input.authorType === 'requester' ? t.requester_email : null,
        author_name: input.authorName?.trim().slice(0, 200) || null,
        internal: internal ? 1 : 0,
        body_text: input.body,
        body_html: input.bodyHtml ?? null,
        channel: input.channel,
        email_message_id: input.emailMessageId ?? null,
        delivery_status: null,
        created_at: now,
      };
      await repo.insertMessage(trx, m);
      const uploaded: AttachmentRow[] = await repo.unlinkedAttachments(trx, ws, t.id, input.attachmentIds ?? []);
      if (uploaded.length !== new Set(input.attachmentIds ?? []).size) {
        throw badRequest('validation_failed', 'Some attachments are not files uploaded to this ticket and not yet sent', [{ field: 'body.attachmentIds', message: 'unknown or already sent' }]);
      }
      const uploadedBytes = uploaded.reduce((n, a) => n + Number(a.size), 0);
      await repo.linkAttachments(trx, ws, uploaded.map((a) => a.id), m.id);
      await storeAttachments(ctx, trx, { workspaceId: ws, ticketId: t.id, messageId: m.id, uploadedBy: agent ? (input.authorUserId ?? null) : null, now }, input.attachments ?? [], written, uploadedBytes);
      const status = statusAfter(t, input.authorType, internal);
      await repo.updateTicket(trx, ws, t.id, { status, ...(status !== t.status && t.status === 'solved' ? { solved_at: null } : {}), last_message_at: now, updated_at: now });
      const publicReply = agent && !internal;
      if (status !== t.status || publicReply) {
        await slaOnChange(ctx, trx, t.id, { ...(status !== t.status ? { status } : {}), ...(publicReply ? { firstPublicAgentReplyAt: new Date(now) } : {}) });
      }
      if (status !== t.status) await ticketEvent(ctx, trx, ws, t.id, 'updated', ['status'], actor);
      await audit.record(ctx.db, ctx.clock, { actor, workspaceId: ws, action: internal ? 'ticket.note_added' : 'ticket.message_added', target: { type: 'ticket', id: t.id }, details: { messageId: m.id, authorType: m.author_type, channel: m.channel, attachments: uploaded.length + (input.attachments?.length ?? 0), ...(status !== t.status ? { status } : {}) } }, trx);
      return m;
    });
  } catch (err) {
    removeFiles(ctx, written);
    if (isUniqueViolation(err, MESSAGE_ID_TAKEN)) throw conflict('duplicate_message', 'A message with this Message-ID is already on a ticket');
    throw err;
  }
  if (message.author_type !== 'agent' || message.internal === 1) return message;
  await queueReplyMail(ctx, message.ticket_id, message.id);
  return (await ctx.db.k.selectFrom('ticket_messages').selectAll().where('id', '=', message.id).executeTakeFirst()) ?? message;
}

/** A requester's message to a closed ticket starts a new ticket that names the old one. */
async function followUp(ctx: AppContext, closed: TicketRow, input: AddMessageInput): Promise<MessageRow> {
  const t = await createTicket(ctx, {
    workspaceId: closed.workspace_id,
    subject: closed.subject,
    body: input.body,
    bodyHtml: input.bodyHtml,
    requesterEmail: input.authorEmail ?? closed.requester_email,
    requesterName: input.authorName ?? closed.requester_name ?? undefined,
    priority: closed.priority,
    channel: input.channel,
    locale: closed.locale,
    teamId: closed.team_id ?? undefined,
    emailMessageId: input.emailMessageId,
    attachments: input.attachments,
    actor: input.actor,
  });
  await addMessage(ctx, { workspaceId: t.workspace_id, ticketId: t.id, authorType: 'system', internal: true, body: `Follow-up to closed ticket #${closed.number} (${closed.id}).\nTindak lanjut dari tiket tertutup #${closed.number} (${closed.id}).`, channel: input.channel });
  const first = (await repo.messagesOf(ctx.db.k, t.workspace_id, t.id)).find((m) => m.author_type === 'requester');
  if (!first) throw new Error('follow-up ticket has no first message');
  return first;
}

export async function findTicketByNumber(ctx: AppContext, workspaceId: string, number: number): Promise<TicketRow | undefined> {
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  return repo.findByNumber(ctx.db.k, workspaceId, number);
}

export async function findTicketByEmailMessageId(ctx: AppContext, workspaceId: string, messageIds: string[]): Promise<TicketRow | undefined> {
  const ids = [...new Set(messageIds.map((m) => m.trim().replace(/^<|>$/g, '')).filter(Boolean))];
  return repo.findByMessageIds(ctx.db.k, workspaceId, ids);
}

/** The requester's tickets (merged ones left out: their messages live on the ticket they were merged into), latest activity first. */
export async function listRequesterTickets(ctx: AppContext, workspaceId: string, email: string): Promise<TicketRow[]> {
  return repo.requesterTickets(ctx.db.k, workspaceId, normEmail(email));
}

export { mergeTickets, updateTicket } from './tickets-update.js';

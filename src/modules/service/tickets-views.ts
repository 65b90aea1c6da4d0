import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../crm/list-query.js';
import * as repo from './tickets-repo.js';
import type { AttachmentView, MessageView, TicketDetail, TicketListParams, TicketView } from './tickets-schema.js';
import type { AttachmentRow, MessageRow, TicketRow } from './tables.js';

/** Tickets as the API shows them: one ticket, its thread, lists and views. */
export function parseTags(s: string): string[] {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function toTicketView(r: TicketRow): TicketView {
  return {
    id: r.id,
    number: Number(r.number),
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    requester: { contactId: r.requester_contact_id, userId: r.requester_user_id, email: r.requester_email, name: r.requester_name },
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    tags: parseTags(r.tags),
    mergedIntoId: r.merged_into_id,
    locale: r.locale,
    sla: {
      policyId: r.sla_policy_id,
      firstResponseDueAt: r.first_response_due_at,
      resolutionDueAt: r.resolution_due_at,
      firstRespondedAt: r.first_responded_at,
      firstResponseBreachedAt: r.first_response_breached_at,
      resolutionBreachedAt: r.resolution_breached_at,
      paused: r.sla_paused_at !== null,
    },
    solvedAt: r.solved_at,
    closedAt: r.closed_at,
    lastMessageAt: r.last_message_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const toAttachmentView = (a: AttachmentRow): AttachmentView => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: Number(a.size), createdAt: a.created_at });

export function toMessageView(m: MessageRow, attachments: AttachmentRow[]): MessageView {
  return {
    id: m.id,
    authorType: m.author_type,
    authorUserId: m.author_user_id,
    authorName: m.author_name,
    authorEmail: m.author_email,
    internal: m.internal === 1,
    bodyText: m.body_text,
    bodyHtml: m.body_html,
    channel: m.channel,
    deliveryStatus: m.delivery_status,
    createdAt: m.created_at,
    attachments: attachments.filter((a) => a.message_id === m.id).map(toAttachmentView),
  };
}

export async function ticketOr404(ctx: AppContext, workspaceId: string, id: string): Promise<TicketRow> {
  const t = await repo.findTicket(ctx.db.k, workspaceId, id);
  if (!t) throw notFound('Ticket');
  return t;
}

export async function getTicketDetail(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<TicketDetail> {
  const t = await ticketOr404(ctx, scope.workspaceId, id);
  const messages = await repo.messagesOf(ctx.db.k, scope.workspaceId, t.id);
  const attachments = await repo.attachmentsOfTicket(ctx.db.k, scope.workspaceId, t.id);
  const csat = await repo.latestCsat(ctx.db.k, scope.workspaceId, t.id);
  return {
    ...toTicketView(t),
    messages: messages.map((m) => toMessageView(m, attachments)),
    csat: csat ? { rating: csat.rating === null ? null : Number(csat.rating), comment: csat.comment, answeredAt: csat.answered_at } : null,
  };
}

/** The capped counts shown on the inbox tabs. */
export const VIEW_COUNT_CAP = 1000;

export async function ticketViewCounts(ctx: AppContext, scope: WorkspaceScope): Promise<{ mine: number | null; unassigned: number; breaching: number; cap: number }> {
  const maxWarn = await repo.maxWarnMinutes(ctx.db.k, scope.workspaceId);
  const n = await repo.countViews(ctx.db.k, { workspaceId: scope.workspaceId, dialect: ctx.db.dialect, now: ctx.clock.now().toISOString(), userId: scope.userId }, maxWarn, VIEW_COUNT_CAP);
  // An API key is nobody: it has no "mine".
  return { mine: scope.userId ? n.mine : null, unassigned: n.unassigned, breaching: n.breaching, cap: VIEW_COUNT_CAP };
}

export async function listTicketViews(ctx: AppContext, scope: WorkspaceScope, p: TicketListParams): Promise<{ data: TicketView[]; nextCursor: string | null }> {
  if (p.view === 'mine' && !scope.userId) throw badRequest('validation_failed', 'The mine view needs a signed-in member', [{ field: 'querystring.view', message: 'mine needs a session, not an API key' }]);
  const c = p.cursor ? decodeCursor(p.cursor) : undefined;
  if (c && typeof c.v !== 'string') throw badRequest('invalid_cursor', 'The cursor is not valid: start again without it');
  const maxWarn = p.view === 'breaching' ? await repo.maxWarnMinutes(ctx.db.k, scope.workspaceId) : 60;
  const rows = await repo.listTickets(
    ctx.db.k,
    {
      workspaceId: scope.workspaceId,
      dialect: ctx.db.dialect,
      now: ctx.clock.now().toISOString(),
      view: p.view,
      userId: scope.userId,
      status: p.status,
      priority: p.priority,
      assigneeId: p.assigneeId,
      teamId: p.teamId,
      tag: p.tag,
      requesterContactId: p.requesterContactId,
      q: p.q,
      limit: p.limit,
      after: c && typeof c.v === 'string' ? { v: c.v, id: c.id } : undefined,
    },
    maxWarn,
  );
  const last = rows[rows.length - 1];
  return { data: rows.map(toTicketView), nextCursor: rows.length === p.limit && last ? encodeCursor({ v: last.last_message_at, id: last.id }) : null };
}

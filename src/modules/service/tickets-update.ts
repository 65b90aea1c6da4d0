import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { queueCsatSurvey } from './csat-service.js';
import { getServiceSettings } from './settings-service.js';
import { slaOnChange } from './sla-hooks.js';
import { ticketEvent } from './tickets-events.js';
import * as repo from './tickets-repo.js';
import type { TicketPatch } from './tickets-schema.js';
import { checkRouting } from './tickets-service.js';
import { parseTags } from './tickets-views.js';
import type { TicketRow, TicketStatus } from './tables.js';

/**
 * Agents' changes to a ticket: fields, status with its time stamps, and merging. Closed is
 * final: a closed ticket only takes new tags (reporting labels), nothing else.
 */
type TicketChange = Partial<Omit<TicketRow, 'id' | 'workspace_id' | 'number'>>;

const closedTicket = () => conflict('ticket_closed', 'This ticket is closed; only its tags can change');

/** Time stamps a status change sets or clears. */
function statusStamps(t: TicketRow, next: TicketStatus, now: string): TicketChange {
  if (next === t.status) return {};
  if (next === 'solved') return { status: next, solved_at: now };
  if (next === 'closed') return { status: next, closed_at: now, solved_at: t.solved_at ?? now };
  return { status: next, ...(t.status === 'solved' ? { solved_at: null } : {}) };
}

const cleanTags = (tags: string[]): string => JSON.stringify([...new Set(tags.map((t) => t.trim()).filter(Boolean))]);

export async function updateTicket(ctx: AppContext, scope: WorkspaceScope, id: string, patch: TicketPatch): Promise<TicketRow> {
  const ws = scope.workspaceId;
  const { ticket, solvedNow } = await ctx.db.k.transaction().execute(async (trx) => {
    const t = await repo.findTicket(trx, ws, id);
    if (!t) throw notFound('Ticket');
    const fields = (Object.keys(patch) as (keyof TicketPatch)[]).filter((f) => patch[f] !== undefined);
    if (t.status === 'closed' && fields.some((f) => f !== 'tags')) throw closedTicket();
    if (patch.status === 'new' && t.status !== 'new') throw badRequest('validation_failed', 'A ticket cannot go back to new', [{ field: 'body.status', message: 'new is only the state of an untouched ticket' }]);
    await checkRouting(trx, ws, patch.teamId, patch.assigneeId);
    const now = ctx.clock.now().toISOString();
    const set: TicketChange = {
      ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
      ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
      ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
      ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
      ...(patch.tags !== undefined ? { tags: cleanTags(patch.tags) } : {}),
      ...(patch.status !== undefined ? statusStamps(t, patch.status, now) : {}),
    };
    const changed = (Object.keys(set) as (keyof TicketChange)[]).filter((k) => set[k] !== t[k]);
    if (changed.length === 0) return { ticket: t, solvedNow: false };
    await repo.updateTicket(trx, ws, id, { ...set, updated_at: now });
    const statusChanged = set.status !== undefined && set.status !== t.status;
    const priorityChanged = set.priority !== undefined && set.priority !== t.priority;
    if (statusChanged || priorityChanged) {
      await slaOnChange(ctx, trx, id, { ...(statusChanged ? { status: set.status } : {}), ...(priorityChanged ? { priority: set.priority } : {}) });
    }
    await audit.record(ctx.db, ctx.clock, {
      actor: scope.actor,
      workspaceId: ws,
      action: 'ticket.updated',
      target: { type: 'ticket', id },
      details: { fields: changed, ...(statusChanged ? { status: set.status } : {}), ...(set.assignee_id !== undefined ? { assigneeId: set.assignee_id } : {}) },
    }, trx);
    await ticketEvent(ctx, trx, ws, id, 'updated', changed, scope.actor);
    return { ticket: (await repo.findTicket(trx, ws, id)) ?? t, solvedNow: statusChanged && set.status === 'solved' };
  });
  if (solvedNow && (await getServiceSettings(ctx, ws)).csat_enabled === 1) await queueCsatSurvey(ctx, ticket.id);
  return ticket;
}

/**
 * Merges `sourceId` into `intoId`: the source's messages and files move to the target, the source
 * is closed with `merged_into_id` set, tags are joined. Each ticket gets a system note saying so.
 */
export async function mergeTickets(ctx: AppContext, scope: WorkspaceScope, sourceId: string, intoId: string): Promise<TicketRow> {
  const ws = scope.workspaceId;
  return ctx.db.k.transaction().execute(async (trx) => {
    const source = await repo.findTicket(trx, ws, sourceId);
    if (!source) throw notFound('Ticket');
    const target = await repo.findTicket(trx, ws, intoId);
    if (!target) throw badRequest('validation_failed', 'The ticket to merge into does not exist in this workspace', [{ field: 'body.intoTicketId', message: 'no such ticket' }]);
    if (source.id === target.id) throw badRequest('validation_failed', 'A ticket cannot be merged into itself', [{ field: 'body.intoTicketId', message: 'same ticket' }]);
    if (source.merged_into_id) throw conflict('already_merged', 'This ticket was already merged into another');
    if (source.status === 'closed') throw closedTicket();
    if (target.status === 'closed') throw conflict('ticket_closed', 'The ticket to merge into is closed');
    const now = ctx.clock.now().toISOString();
    const moved = await repo.moveThread(trx, ws, source.id, target.id);
    const note = (ticketId: string, body: string) =>
      repo.insertMessage(trx, { id: newId('tmsg'), workspace_id: ws, ticket_id: ticketId, author_type: 'system', author_user_id: null, author_email: null, author_name: null, internal: 1, body_text: body, body_html: null, channel: 'agent', email_message_id: null, delivery_status: null, created_at: now });
    // System notes are written in both interface languages, as agents may read either.
    await note(target.id, `Ticket #${source.number} was merged into this ticket (${moved} messages moved).\nTiket #${source.number} digabungkan ke tiket ini (${moved} pesan dipindahkan).`);
    await note(source.id, `Merged into ticket #${target.number}.\nDigabungkan ke tiket #${target.number}.`);
    await repo.updateTicket(trx, ws, source.id, { status: 'closed', closed_at: now, solved_at: source.solved_at ?? now, merged_into_id: target.id, updated_at: now });
    const lastAt = source.last_message_at > target.last_message_at ? source.last_message_at : target.last_message_at;
    await repo.updateTicket(trx, ws, target.id, { tags: cleanTags([...parseTags(target.tags), ...parseTags(source.tags)]), last_message_at: lastAt > now ? lastAt : now, updated_at: now });
    await slaOnChange(ctx, trx, source.id, { status: 'closed' });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'ticket.merged', target: { type: 'ticket', id: source.id }, details: { into: target.id, messages: moved } }, trx);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'ticket.updated', target: { type: 'ticket', id: target.id }, details: { mergedFrom: source.id, fields: ['tags', 'messages'] } }, trx);
    await ticketEvent(ctx, trx, ws, source.id, 'updated', ['status', 'mergedIntoId'], scope.actor);
    await ticketEvent(ctx, trx, ws, target.id, 'updated', ['tags', 'messages'], scope.actor);
    const merged = await repo.findTicket(trx, ws, target.id);
    if (!merged) throw notFound('Ticket');
    return merged;
  });
}

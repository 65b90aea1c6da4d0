/**
 * The SLA side of a ticket's life, called by the tickets service inside its transaction:
 * `slaOnCreate` after the row is inserted, `slaOnChange` after it is updated.
 *
 * - Due dates count business time on the policy's calendar from the ticket's creation.
 * - The resolution clock stops while the ticket is pending, on hold, solved or closed
 *   (`sla_paused_at`); when it runs again the business time it stood still is added to
 *   `resolution_due_at` and to `sla_paused_ms`.
 * - A breach is stamped with the due time that was missed.
 * - `slaOnPolicyChange` re-applies a policy whose targets or calendar changed to its open tickets.
 */
import type { Kysely, Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { CalendarError } from './calendar.js';
import { DONE_STATUSES, OPEN_STATUSES, dueDates, loadPolicy, PAUSED_STATUSES, warnedList, type LoadedPolicy } from './sla-clock.js';
import * as repo from './sla-repo.js';
import type { TicketPriority, TicketsTable, TicketStatus } from './tables.js';

export type { TicketPriority, TicketStatus } from './tables.js';

export interface SlaChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  firstPublicAgentReplyAt?: Date;
}

type Ticket = TicketsTable;

function ticket(k: Kysely<Database>, id: string): Promise<Ticket | undefined> {
  return k.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A calendar that yields no business time cannot give a due date: the ticket keeps what it has. */
function guarded<T>(ctx: AppContext, ticketId: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    ctx.log.warn({ ticketId, code: err.code }, 'SLA due dates not computed: the calendar has no business time');
    return undefined;
  }
}

/** Sets the ticket's SLA policy and both due dates from the workspace's default policy (none → nulls). */
export async function slaOnCreate(ctx: AppContext, k: Kysely<Database>, ticketId: string): Promise<void> {
  const t = await ticket(k, ticketId);
  if (!t) return;
  const def = await repo.defaultPolicy(k, t.workspace_id);
  if (!def) return;
  const p = await loadPolicy(k, t.workspace_id, def.id);
  if (!p) return;
  const due = guarded(ctx, ticketId, () => dueDates(p, t.priority, t.created_at, 0));
  if (!due) return;
  await k
    .updateTable('tickets')
    .set({
      sla_policy_id: def.id,
      first_response_due_at: due.firstResponseDueAt,
      resolution_due_at: due.resolutionDueAt,
      sla_paused_at: PAUSED_STATUSES.includes(t.status) ? t.created_at : null,
    })
    .where('id', '=', ticketId)
    .execute();
}

const later = (a: string, b: Date): boolean => new Date(a).getTime() > b.getTime();

function recompute(t: Ticket, p: LoadedPolicy, priority: TicketPriority, now: Date, set: Updateable<Ticket>): void {
  const due = dueDates(p, priority, t.created_at, t.sla_paused_ms);
  let warned = warnedList(t.sla_warned);
  if (!t.first_responded_at) {
    set.first_response_due_at = due.firstResponseDueAt;
    warned = warned.filter((w) => !w.startsWith('first_response_'));
    if (t.first_response_breached_at && later(due.firstResponseDueAt, now)) set.first_response_breached_at = null;
  }
  if (!DONE_STATUSES.includes(t.status)) {
    set.resolution_due_at = due.resolutionDueAt;
    warned = warned.filter((w) => !w.startsWith('resolution_'));
    if (t.resolution_breached_at && later(due.resolutionDueAt, now)) set.resolution_breached_at = null;
  }
  set.sla_warned = JSON.stringify(warned);
}

/**
 * Called after the ticket row was updated, in the same transaction: pauses and resumes the
 * resolution clock, recomputes on a priority change, stamps the first response, marks breaches.
 */
export async function slaOnChange(ctx: AppContext, k: Kysely<Database>, ticketId: string, change: SlaChange): Promise<void> {
  const t = await ticket(k, ticketId);
  if (!t?.sla_policy_id) return;
  const p = await loadPolicy(k, t.workspace_id, t.sla_policy_id);
  if (!p) return;
  const now = ctx.clock.now();
  const set: Updateable<Ticket> = {};

  if (change.priority) {
    const priority = change.priority;
    guarded(ctx, ticketId, () => recompute(t, p, priority, now, set));
  }

  if (change.status && t.resolution_due_at) {
    let due = set.resolution_due_at ?? t.resolution_due_at;
    const pausedAt = t.sla_paused_at;
    const pause = PAUSED_STATUSES.includes(change.status);
    if (!pause && pausedAt) {
      const stood = p.calendar.businessMsBetween(new Date(pausedAt), now);
      const moved = guarded(ctx, ticketId, () => p.calendar.addBusinessMs(new Date(due), stood));
      if (moved) {
        due = moved.toISOString();
        set.resolution_due_at = due;
        set.sla_paused_ms = t.sla_paused_ms + stood;
      }
      set.sla_paused_at = null;
    } else if (pause && !pausedAt) {
      set.sla_paused_at = now.toISOString();
    }
    // Solved while running: late if now is past due. Solved from pending or on hold: the clock stopped when the pause began.
    const stoppedAt = pausedAt ? new Date(pausedAt) : now;
    if (DONE_STATUSES.includes(change.status) && !t.resolution_breached_at && stoppedAt.getTime() > new Date(due).getTime()) set.resolution_breached_at = due;
    // Solved with no public reply: the first-response clock ends with the ticket.
    const frDue = set.first_response_due_at ?? t.first_response_due_at;
    if (DONE_STATUSES.includes(change.status) && !t.first_responded_at && !change.firstPublicAgentReplyAt && frDue && !t.first_response_breached_at && now.getTime() > new Date(frDue).getTime()) set.first_response_breached_at = frDue;
  }

  if (change.firstPublicAgentReplyAt && !t.first_responded_at) {
    const at = change.firstPublicAgentReplyAt;
    set.first_responded_at = at.toISOString();
    const due = set.first_response_due_at ?? t.first_response_due_at;
    if (due && !t.first_response_breached_at && at.getTime() > new Date(due).getTime()) set.first_response_breached_at = due;
  }

  if (Object.keys(set).length) await k.updateTable('tickets').set(set).where('id', '=', ticketId).execute();
}

const PAGE = 500;

/**
 * A policy's targets or its calendar changed: every ticket under it that is not solved or closed
 * gets its due dates recomputed from its creation, pauses kept, as if the policy had always read
 * so. A first response already given keeps its stamp; a breach the new targets undo is cleared
 * and its warning may be sent again. Runs in the caller's transaction; returns how many tickets
 * moved.
 */
export async function slaOnPolicyChange(ctx: AppContext, k: Kysely<Database>, workspaceId: string, policyIds: readonly string[]): Promise<number> {
  const now = ctx.clock.now();
  let moved = 0;
  for (const policyId of policyIds) {
    const p = await loadPolicy(k, workspaceId, policyId);
    if (!p) continue;
    let after = '';
    for (;;) {
      // The (workspace, status) index narrows to open tickets; few of a desk's tickets are open.
      const page = await k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).where('status', 'in', [...OPEN_STATUSES]).where('sla_policy_id', '=', policyId).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      for (const t of page) {
        const set: Updateable<Ticket> = {};
        guarded(ctx, t.id, () => recompute(t, p, t.priority, now, set));
        if ((set.first_response_due_at ?? t.first_response_due_at) === t.first_response_due_at && (set.resolution_due_at ?? t.resolution_due_at) === t.resolution_due_at) continue;
        await k.updateTable('tickets').set(set).where('id', '=', t.id).execute();
        moved++;
      }
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) break;
      after = last.id;
    }
  }
  return moved;
}

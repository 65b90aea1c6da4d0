import { newId } from '../../lib/ids.js';
import type { TestApp } from '../../test/app.js';
import type { TicketsTable } from './tables.js';

let seq = 0;

/** A ticket row written directly, as the tickets service would before it calls the SLA hooks. */
export async function insertTicket(ta: TestApp, workspaceId: string, over: Partial<TicketsTable> = {}): Promise<TicketsTable> {
  const at = over.created_at ?? ta.clock.now().toISOString();
  const row: TicketsTable = {
    id: newId('tkt'),
    workspace_id: workspaceId,
    number: ++seq,
    subject: 'Printer offline',
    status: 'new',
    priority: 'normal',
    channel: 'agent',
    requester_contact_id: null,
    requester_user_id: null,
    requester_email: 'requester@example.com',
    requester_name: null,
    locale: 'en',
    assignee_id: null,
    team_id: null,
    tags: '[]',
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
    last_message_at: at,
    created_at: at,
    updated_at: at,
    ...over,
  };
  await ta.ctx.db.k.insertInto('tickets').values(row).execute();
  return row;
}

export async function ticketRow(ta: TestApp, id: string): Promise<TicketsTable> {
  return ta.ctx.db.k.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { getServiceSettings } from './settings-service.js';
import type { AttachmentRow, MessageRow, TicketRow } from './tables.js';

/** SQL the service mail needs: reading tickets, messages and attachments to build a mail, and threading ids. */
export type TicketForMail = Pick<TicketRow, 'id' | 'workspace_id' | 'number' | 'subject' | 'requester_email' | 'requester_name' | 'locale' | 'channel' | 'merged_into_id' | 'created_at'>;

export function ticket(k: Kysely<Database>, id: string): Promise<TicketForMail | undefined> {
  return k
    .selectFrom('tickets')
    .select(['id', 'workspace_id', 'number', 'subject', 'requester_email', 'requester_name', 'locale', 'channel', 'merged_into_id', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function message(k: Kysely<Database>, id: string): Promise<MessageRow | undefined> {
  return k.selectFrom('ticket_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function attachments(k: Kysely<Database>, messageId: string): Promise<AttachmentRow[]> {
  return k.selectFrom('ticket_attachments').selectAll().where('message_id', '=', messageId).orderBy('created_at').orderBy('id').execute();
}

/** Message-IDs of the ticket's public mail before `before` (all of them when null), oldest first. */
export async function threadMessageIds(k: Kysely<Database>, ticketId: string, before: string | null, exceptId?: string): Promise<string[]> {
  let q = k.selectFrom('ticket_messages').select('email_message_id').where('ticket_id', '=', ticketId).where('internal', '=', 0).where('email_message_id', 'is not', null);
  if (before) q = q.where('created_at', '<=', before);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const rows = await q.orderBy('created_at').orderBy('id').limit(200).execute();
  return rows.flatMap((r) => (r.email_message_id ? [r.email_message_id] : []));
}

/** Whether a public message came before this one: the first message of a ticket is no reply. */
export async function hasEarlierPublic(k: Kysely<Database>, ticketId: string, before: string, exceptId: string): Promise<boolean> {
  const r = await k.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).where('internal', '=', 0).where('created_at', '<=', before).where('id', '!=', exceptId).executeTakeFirst();
  return r !== undefined;
}

/** The requester's latest mail before a reply: what the reply answers (In-Reply-To). */
export async function lastRequesterMessageId(k: Kysely<Database>, ticketId: string, before: string, exceptId: string): Promise<string | null> {
  const r = await k
    .selectFrom('ticket_messages')
    .select('email_message_id')
    .where('ticket_id', '=', ticketId)
    .where('author_type', '=', 'requester')
    .where('email_message_id', 'is not', null)
    .where('created_at', '<=', before)
    .where('id', '!=', exceptId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.email_message_id ?? null;
}

/** Tickets this requester opened in the workspace in [from, to] (through the requester_email index). */
export async function ticketsOpenedBetween(k: Kysely<Database>, workspaceId: string, email: string, from: string, to: string): Promise<number> {
  const r = await k.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('requester_email', '=', email).where('created_at', '>=', from).where('created_at', '<=', to).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function workspaceName(k: Kysely<Database>, id: string): Promise<string> {
  const r = await k.selectFrom('workspaces').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? 'Support';
}

export async function userName(k: Kysely<Database>, id: string): Promise<string | null> {
  const r = await k.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? null;
}

/** The workspace's inbound token (settings are created on first use). */
export async function inboundToken(ctx: AppContext, workspaceId: string): Promise<string> {
  return (await getServiceSettings(ctx, workspaceId)).inbound_token;
}

/** The workspace whose inbound token this is, or null. */
export async function workspaceOfToken(k: Kysely<Database>, token: string): Promise<string | null> {
  const r = await k.selectFrom('service_settings').select('workspace_id').where('inbound_token', '=', token).executeTakeFirst();
  return r?.workspace_id ?? null;
}

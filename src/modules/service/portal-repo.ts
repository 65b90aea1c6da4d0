import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AttachmentRow, MessageRow, PortalSessionsTable, PortalTokensTable, TicketRow } from './tables.js';

/** SQL of the customer portal: sign-in links, sessions, and the reads a requester may make. */
export type TokenRow = Selectable<PortalTokensTable>;
export type SessionRow = Selectable<PortalSessionsTable>;

export async function insertToken(k: Kysely<Database>, row: TokenRow): Promise<void> {
  await k.insertInto('portal_tokens').values(row).execute();
}

export function findToken(k: Kysely<Database>, id: string): Promise<TokenRow | undefined> {
  return k.selectFrom('portal_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTokenByHash(k: Kysely<Database>, workspaceId: string, hash: string): Promise<TokenRow | undefined> {
  return k.selectFrom('portal_tokens').selectAll().where('token_hash', '=', hash).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

/** Marks the link used; false when another request used it first (single use under races). */
export async function useToken(k: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const r = await k.updateTable('portal_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Links asked for an address since a time (a per-address limit on top of the per-IP one). */
export async function recentTokens(k: Kysely<Database>, workspaceId: string, email: string, since: string): Promise<number> {
  const r = await k.selectFrom('portal_tokens').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('email', '=', email).where('created_at', '>', since).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertSession(k: Kysely<Database>, row: SessionRow): Promise<void> {
  await k.insertInto('portal_sessions').values(row).execute();
}

export function findSession(k: Kysely<Database>, workspaceId: string, id: string, now: string): Promise<SessionRow | undefined> {
  return k.selectFrom('portal_sessions').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).where('expires_at', '>', now).executeTakeFirst();
}

export async function deleteSession(k: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await k.deleteFrom('portal_sessions').where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
}

export function findTicket(k: Kysely<Database>, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  return k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The thread a requester may read: public messages only, never internal notes. */
export function publicMessages(k: Kysely<Database>, workspaceId: string, ticketId: string): Promise<MessageRow[]> {
  return k.selectFrom('ticket_messages').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).where('internal', '=', 0).orderBy('created_at').orderBy('id').execute();
}

export async function hasTickets(k: Kysely<Database>, workspaceId: string, email: string): Promise<boolean> {
  return Boolean(await k.selectFrom('tickets').select('id').where('workspace_id', '=', workspaceId).where('requester_email', '=', email).executeTakeFirst());
}

/** Files of the ticket's public messages (an internal note's files stay with the team). */
export function publicAttachments(k: Kysely<Database>, workspaceId: string, ticketId: string, attachmentId?: string): Promise<AttachmentRow[]> {
  let q = k
    .selectFrom('ticket_attachments as a')
    .innerJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .selectAll('a')
    .where('a.workspace_id', '=', workspaceId)
    .where('a.ticket_id', '=', ticketId)
    .where('m.internal', '=', 0);
  if (attachmentId) q = q.where('a.id', '=', attachmentId);
  return q.orderBy('a.created_at').execute();
}

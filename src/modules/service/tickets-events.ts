import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { Actor } from '../audit/service.js';
import { emitObjectEvent } from '../integrations/webhooks-service.js';
import * as repo from './tickets-repo.js';
import { toTicketView } from './tickets-views.js';

/**
 * `ticket.created` and `ticket.updated` for the workspace's webhooks, written in the ticket's own
 * transaction. The record is the ticket as the API shows it; when its requester's contact is
 * restricted the webhook module withholds it (and audits that), as it does for the contact.
 */
export async function ticketEvent(ctx: AppContext, trx: Kysely<Database>, workspaceId: string, ticketId: string, kind: 'created' | 'updated', changedFields: string[], actor: Actor): Promise<void> {
  const t = await repo.findTicket(trx, workspaceId, ticketId);
  if (!t) return;
  const contact = t.requester_contact_id ? await trx.selectFrom('contacts').select('restricted').where('workspace_id', '=', workspaceId).where('id', '=', t.requester_contact_id).executeTakeFirst() : undefined;
  await emitObjectEvent(ctx, trx, { workspaceId, objectType: 'ticket', id: t.id, kind, record: { ...toTicketView(t), restricted: contact?.restricted === 1 }, changedFields, actor });
}

import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { HttpError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import * as contacts from '../crm/contacts-service.js';

/**
 * Who asked: the workspace's contact with the address (created when there is none), and the
 * account with that address, if any.
 *
 * A restricted contact (policy §6) still gets help: answering a request is necessary processing
 * the subject asked for, and a restricted subject may be writing precisely to exercise a right. The
 * ticket links to the contact, and the contact itself is never changed (not even its name), so
 * the restriction holds for everything else.
 */
export interface Requester {
  contactId: string | null;
  userId: string | null;
}

function splitName(name: string | undefined): { firstName?: string; lastName?: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { firstName: parts[0]!.slice(0, 100) };
  return { firstName: parts.slice(0, -1).join(' ').slice(0, 100), lastName: parts[parts.length - 1]!.slice(0, 100) };
}

export async function resolveRequester(ctx: AppContext, trx: Kysely<Database>, workspaceId: string, email: string, name: string | undefined, actor: Actor): Promise<Requester> {
  const user = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const contact = await trx.selectFrom('contacts').select(['id']).where('workspace_id', '=', workspaceId).where('email', '=', email).orderBy('created_at').limit(1).executeTakeFirst();
  if (contact) return { contactId: contact.id, userId: user?.id ?? null };
  const scope: WorkspaceScope = { workspaceId, role: null, userId: actor.type === 'user' ? actor.id : null, actor, can: () => true };
  try {
    const created = await contacts.create(ctx, scope, { email, ...splitName(name), source: 'support' }, { trx });
    return { contactId: created.id, userId: user?.id ?? null };
  } catch (err) {
    // A workspace rule the ticket cannot satisfy (a required custom field): the ticket is still taken, unlinked.
    if (err instanceof HttpError && err.status === 400) return { contactId: null, userId: user?.id ?? null };
    throw err;
  }
}

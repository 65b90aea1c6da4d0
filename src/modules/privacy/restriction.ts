/**
 * Restriction of processing (policy §6, GDPR Art. 18, UU PDP Pasal 41): the subject's records
 * carry a flag. While it is set, the consent gate refuses every use but necessary processing
 * inside the platform and every disclosure, and contact writes are refused to all but privacy
 * officers (contacts-service assertWritable). Setting and lifting are audited with the reason.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as contacts from '../crm/contacts-service.js';
import type { ContactView } from '../crm/schema.js';
import { tableEntry } from './datamap.js';
import { INTEGRATION_RECIPIENTS } from './recipients.js';

export interface RootRef {
  table: 'users' | 'contacts';
  id: string;
}

/**
 * A contact's restriction reaches the third-party tools the data map says receive contacts: one
 * `restrict` task per tool, keyed by the SHA-256 of the address, for the integrations worker
 * (archive at Mailchimp, off the list at Brevo, out of the Meta and LinkedIn audiences).
 */
async function queueProcessorRestriction(trx: Kysely<Database>, workspaceId: string, contactId: string, at: string, requestId: string | undefined): Promise<void> {
  const row = await trx.selectFrom('contacts').select('email').where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
  const email = row?.email?.trim().toLowerCase();
  if (!email) return;
  const receives = new Set(tableEntry('contacts')?.recipients ?? []);
  for (const recipient of INTEGRATION_RECIPIENTS.filter((x) => receives.has(x))) {
    await trx
      .insertInto('processor_deletion_tasks')
      .values({ id: newId('pdt'), request_id: requestId ?? null, workspace_id: workspaceId, recipient, action: 'restrict', subject_ref: sha256Hex(email), status: 'pending', attempts: 0, error: null, created_at: at, completed_at: null })
      .execute();
  }
}

/** Sets or lifts the flag on subject rows (users, or contacts of one workspace); returns how many changed. */
export async function setRestricted(ctx: AppContext, trx: Kysely<Database>, workspaceId: string | null, roots: RootRef[], restricted: boolean, meta: { actor: audit.Actor; reason?: string | undefined; requestId?: string | undefined }): Promise<number> {
  const at = ctx.clock.now().toISOString();
  const flag = restricted ? 1 : 0;
  let changed = 0;
  for (const r of roots) {
    const res =
      r.table === 'users'
        ? await trx.updateTable('users').set({ restricted: flag, updated_at: at }).where('id', '=', r.id).where('restricted', '!=', flag).executeTakeFirst()
        : workspaceId
          ? await trx.updateTable('contacts').set({ restricted: flag, updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', r.id).where('restricted', '!=', flag).executeTakeFirst()
          : undefined;
    if (!res || Number(res.numUpdatedRows) === 0) continue;
    changed++;
    if (restricted && r.table === 'contacts' && workspaceId) await queueProcessorRestriction(trx, workspaceId, r.id, at, meta.requestId);
    await audit.record(ctx.db, ctx.clock, {
      actor: meta.actor,
      workspaceId,
      action: restricted ? 'subject.restricted' : 'subject.restriction_lifted',
      target: { type: r.table === 'users' ? 'user' : 'contact', id: r.id },
      ...(meta.reason ? { reason: meta.reason } : {}),
      ...(meta.requestId ? { details: { request: meta.requestId } } : {}),
    }, trx);
  }
  return changed;
}

/** POST /api/v1/contacts/{id}/restriction: a privacy officer sets or lifts a contact's flag. */
export async function restrictContact(ctx: AppContext, scope: WorkspaceScope, contactId: string, restricted: boolean, reason: string): Promise<ContactView> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('contacts').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', contactId).executeTakeFirst();
    if (!row) throw notFound('Contact');
    await setRestricted(ctx, trx, scope.workspaceId, [{ table: 'contacts', id: contactId }], restricted, { actor: scope.actor, reason });
  });
  return contacts.get(ctx, scope, contactId);
}

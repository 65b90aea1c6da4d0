import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { SuppressionReason } from './campaigns-tables.js';

/**
 * The suppression list: addresses a workspace never mails again. Only a hash of the lower-cased
 * address is kept, so the entry survives the contact's erasure without keeping the address.
 */
export function emailHash(email: string): string {
  return sha256Hex(email.trim().toLowerCase());
}

/**
 * Reasons that stop every mail, security alerts included: the address does not exist or its owner
 * reported the mail as spam, or a member blocked it. An unsubscribe stops marketing only: a security
 * alert is owed to everyone the law says must be told.
 */
const BLOCKS_EVERYTHING: readonly SuppressionReason[] = ['hard_bounce', 'complaint', 'manual'];

/** Whether any suppression holds for this address (for marketing mail and forms). */
export async function isSuppressed(k: Kysely<Database>, workspaceId: string, email: string): Promise<boolean> {
  const r = await k.selectFrom('marketing_suppressions').select('id').where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash(email)).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** The reasons on record for this address. */
export async function suppressionReasons(k: Kysely<Database>, workspaceId: string, email: string): Promise<SuppressionReason[]> {
  const rows = await k.selectFrom('marketing_suppressions').select('reason').where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash(email)).execute();
  return rows.map((r) => r.reason);
}

/** Whether a mail of this kind may go to an address with these suppression reasons. */
export function blocks(reasons: readonly SuppressionReason[], securityAlert: boolean): boolean {
  return securityAlert ? reasons.some((r) => BLOCKS_EVERYTHING.includes(r)) : reasons.length > 0;
}

/** Adds a suppression; a second one for the same address and reason changes nothing. */
export async function suppress(k: Kysely<Database>, workspaceId: string, email: string, reason: SuppressionReason, at: string): Promise<void> {
  await k
    .insertInto('marketing_suppressions')
    .values({ id: newId('sup', new Date(at).getTime()), workspace_id: workspaceId, email_hash: emailHash(email), reason, created_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'email_hash', 'reason']).doNothing())
    .execute();
}

/** Lifts an unsubscribe suppression when the person subscribes again themselves (preference centre). */
export async function liftUnsubscribe(k: Kysely<Database>, workspaceId: string, email: string): Promise<void> {
  await k.deleteFrom('marketing_suppressions').where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash(email)).where('reason', '=', 'unsubscribe').execute();
}

export interface SuppressionRow {
  id: string;
  reason: SuppressionReason;
  created_at: string;
}

/** A page of the list, newest first, optionally of one reason. */
export async function listSuppressions(k: Kysely<Database>, workspaceId: string, limit: number, opts: { cursor?: string | undefined; reason?: SuppressionReason | undefined }): Promise<SuppressionRow[]> {
  let q = k.selectFrom('marketing_suppressions').select(['id', 'reason', 'created_at']).where('workspace_id', '=', workspaceId);
  if (opts.cursor) q = q.where('id', '<', opts.cursor);
  if (opts.reason) q = q.where('reason', '=', opts.reason);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** The entries for one address (at most one per reason). */
export function entriesFor(k: Kysely<Database>, workspaceId: string, email: string): Promise<SuppressionRow[]> {
  return k.selectFrom('marketing_suppressions').select(['id', 'reason', 'created_at']).where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash(email)).orderBy('id').execute();
}

export function findSuppression(k: Kysely<Database>, workspaceId: string, id: string): Promise<SuppressionRow | undefined> {
  return k.selectFrom('marketing_suppressions').select(['id', 'reason', 'created_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function deleteSuppression(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('marketing_suppressions').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ServiceSettingsTable } from './tables.js';

type K = Kysely<Database> | Transaction<Database>;

export async function find(k: K, workspaceId: string): Promise<ServiceSettingsTable | undefined> {
  return k.selectFrom('service_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

/** Inserts the defaults unless a row exists (two first uses at once both end with the same row). */
export async function insertDefaults(k: K, workspaceId: string, inboundToken: string, now: string): Promise<void> {
  await k
    .insertInto('service_settings')
    .values({ workspace_id: workspaceId, auto_assign: 'none', round_robin_last_user_id: null, inbound_token: inboundToken, csat_enabled: 1, portal_enabled: 1, default_locale: 'en', updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
}

export async function update(k: K, workspaceId: string, patch: Partial<Omit<ServiceSettingsTable, 'workspace_id'>>): Promise<void> {
  await k.updateTable('service_settings').set(patch).where('workspace_id', '=', workspaceId).execute();
}

/**
 * The settings row locked for the rest of the transaction (PostgreSQL; SQLite writers are serial
 * already): ticket numbers and round-robin turns are decided under it, one creation at a time per workspace.
 */
export async function lock(k: Transaction<Database>, workspaceId: string, postgres: boolean): Promise<ServiceSettingsTable | undefined> {
  const q = k.selectFrom('service_settings').selectAll().where('workspace_id', '=', workspaceId);
  return (postgres ? q.forUpdate() : q).executeTakeFirst();
}

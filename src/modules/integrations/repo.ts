import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { IntegrationConnectionsTable, IntegrationRemoteIdsTable, IntegrationSyncRunsTable, Provider } from './tables.js';

/** SQL of the integrations module: connections, runs and remote ids, always by workspace. */
export type ConnectionRow = Selectable<IntegrationConnectionsTable>;
export type RunRow = Selectable<IntegrationSyncRunsTable>;
export type RemoteRow = Selectable<IntegrationRemoteIdsTable>;

export function connections(k: Kysely<Database>, workspaceId: string): Promise<ConnectionRow[]> {
  return k.selectFrom('integration_connections').selectAll().where('workspace_id', '=', workspaceId).orderBy('provider').execute();
}

export function connection(k: Kysely<Database>, workspaceId: string, provider: Provider): Promise<ConnectionRow | undefined> {
  return k.selectFrom('integration_connections').selectAll().where('workspace_id', '=', workspaceId).where('provider', '=', provider).executeTakeFirst();
}

export function connectionById(k: Kysely<Database>, workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
  return k.selectFrom('integration_connections').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function upsertConnection(k: Kysely<Database>, row: IntegrationConnectionsTable): Promise<void> {
  await k
    .insertInto('integration_connections')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'provider']).doUpdateSet({ config: row.config, secret: row.secret, audience_id: row.audience_id, status: row.status, last_error: null, updated_at: row.updated_at }),
    )
    .execute();
}

export async function updateConnection(k: Kysely<Database>, workspaceId: string, id: string, set: Partial<IntegrationConnectionsTable>): Promise<void> {
  await k.updateTable('integration_connections').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertRun(k: Kysely<Database>, row: IntegrationSyncRunsTable): Promise<void> {
  await k.insertInto('integration_sync_runs').values(row).execute();
}

export async function finishRun(k: Kysely<Database>, workspaceId: string, id: string, set: Partial<IntegrationSyncRunsTable>): Promise<void> {
  await k.updateTable('integration_sync_runs').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export function runs(k: Kysely<Database>, workspaceId: string, connectionId: string, limit: number, cursor?: string): Promise<RunRow[]> {
  let q = k.selectFrom('integration_sync_runs').selectAll().where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function runById(k: Kysely<Database>, workspaceId: string, id: string): Promise<RunRow | undefined> {
  return k.selectFrom('integration_sync_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function remoteByRef(k: Kysely<Database>, connectionId: string, emailRef: string): Promise<RemoteRow | undefined> {
  return k.selectFrom('integration_remote_ids').selectAll().where('connection_id', '=', connectionId).where('email_ref', '=', emailRef).executeTakeFirst();
}

/** The member ids of a page of contacts in one query, by email ref. */
export async function remoteByRefs(k: Kysely<Database>, connectionId: string, emailRefs: readonly string[]): Promise<Map<string, RemoteRow>> {
  if (emailRefs.length === 0) return new Map();
  const rows = await k.selectFrom('integration_remote_ids').selectAll().where('connection_id', '=', connectionId).where('email_ref', 'in', [...new Set(emailRefs)]).execute();
  return new Map(rows.map((r) => [r.email_ref, r]));
}

export function remoteForTask(k: Kysely<Database>, workspaceId: string, provider: Provider, emailRef: string): Promise<RemoteRow[]> {
  return k.selectFrom('integration_remote_ids').selectAll().where('workspace_id', '=', workspaceId).where('provider', '=', provider).where('email_ref', '=', emailRef).execute();
}

export async function saveRemote(k: Kysely<Database>, row: IntegrationRemoteIdsTable): Promise<void> {
  await k
    .insertInto('integration_remote_ids')
    .values(row)
    .onConflict((oc) => oc.columns(['connection_id', 'email_ref']).doUpdateSet({ contact_id: row.contact_id, remote_id: row.remote_id, status: row.status, synced_at: row.synced_at }))
    .execute();
}

export async function setRemoteStatus(k: Kysely<Database>, id: string, status: string, at: string): Promise<void> {
  await k.updateTable('integration_remote_ids').set({ status, synced_at: at }).where('id', '=', id).execute();
}

export async function deleteRemote(k: Kysely<Database>, id: string): Promise<void> {
  await k.deleteFrom('integration_remote_ids').where('id', '=', id).execute();
}

/**
 * The connection an inbound provider webhook names, before any workspace is known: the public
 * route's caller proves itself with the connection's webhook secret, as an unsubscribe link does
 * with its token, and the workspace comes from the row.
 */
export function connectionForWebhook(k: Kysely<Database>, id: string): Promise<ConnectionRow | undefined> {
  return k.selectFrom('integration_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every live connection of the deployment, for the hourly schedule. */
export function liveConnections(k: Kysely<Database>): Promise<Pick<ConnectionRow, 'id' | 'workspace_id' | 'provider' | 'config'>[]> {
  return k.selectFrom('integration_connections').select(['id', 'workspace_id', 'provider', 'config']).where('status', '!=', 'disconnected').where('secret', '!=', '').orderBy('id').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Third-party tools (issue 9 items 4–6): a workspace's connection per provider with its sealed
 * credentials, the log of sync runs, and the provider's id for each member it holds, kept until a
 * processor deletion has reached the provider.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('integration_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('audience_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_sync_at', t.ts)
    .addColumn('last_pull_at', t.ts)
    .addColumn('cursor', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_connections_ws_provider').on('integration_connections').columns(['workspace_id', 'provider']).unique().execute();
  await db.schema
    .createTable('integration_sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('integration_connections.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sent', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('started_at', t.ts, (c) => c.notNull())
    .addColumn('finished_at', t.ts)
    .execute();
  await db.schema.createIndex('integration_sync_runs_conn').on('integration_sync_runs').columns(['workspace_id', 'connection_id', 'id']).execute();
  await db.schema
    .createTable('integration_remote_ids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('integration_connections.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('email_ref', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('synced_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_remote_ids_ref').on('integration_remote_ids').columns(['connection_id', 'email_ref']).unique().execute();
  await db.schema.createIndex('integration_remote_ids_ws_ref').on('integration_remote_ids').columns(['workspace_id', 'provider', 'email_ref']).execute();
}

import { sql, type Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Webhooks: a workspace's subscriptions (signing secret sealed at rest) and the delivery log,
 * which is also the transactional outbox the dispatcher reads (see integrations/webhooks-jobs.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', t.json, (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', t.ts)
    .execute();
  await db.schema.createIndex('webhook_subscriptions_ws_idx').on('webhook_subscriptions').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('response_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('delivered_at', t.ts)
    .addColumn('next_attempt_at', t.ts)
    .execute();
  await db.schema.createIndex('webhook_deliveries_sub_idx').on('webhook_deliveries').columns(['subscription_id', 'id']).execute();
  // The dispatcher's scan: only pending rows are indexed, so the index stays as small as the backlog.
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('webhook_deliveries_object_idx').on('webhook_deliveries').columns(['object_type', 'object_id']).execute();
  await db.schema.createIndex('webhook_deliveries_created_idx').on('webhook_deliveries').column('created_at').execute();
}

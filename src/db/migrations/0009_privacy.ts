import { sql, type Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * The privacy engine (policy §6): data-subject requests with their clocks, proposed corrections,
 * export files behind single-use links, deletion tasks for processors, the consent record
 * (append-only) and the consent gate's decision log. A null `workspace_id` means platform scope:
 * the operator is controller (accounts, billing, analytics, support).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema.alterTable('users').addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('user_id', 'text')
    .addColumn('verify_token_hash', 'text')
    .addColumn('verify_expires_at', t.ts)
    .addColumn('received_at', t.ts, (c) => c.notNull())
    .addColumn('verified_at', t.ts)
    .addColumn('ack_due_at', t.ts)
    .addColumn('acknowledged_at', t.ts)
    .addColumn('due_at', t.ts, (c) => c.notNull())
    .addColumn('original_due_at', t.ts, (c) => c.notNull())
    .addColumn('extended_at', t.ts)
    .addColumn('extension_reason', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('completed_at', t.ts)
    .addColumn('result', t.json)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_requests_ws_idx').on('privacy_requests').columns(['workspace_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('privacy_requests_email_idx').on('privacy_requests').column('email').execute();
  await db.schema
    .createIndex('privacy_requests_token_idx')
    .on('privacy_requests')
    .column('verify_token_hash')
    .where(sql.ref('verify_token_hash'), 'is not', null)
    .execute();

  await db.schema
    .createTable('privacy_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('privacy_requests.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text')
    .addColumn('proposed_value', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_corrections_req_idx').on('privacy_corrections').columns(['request_id', 'id']).execute();

  await db.schema
    .createTable('privacy_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.references('privacy_requests.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .addColumn('downloaded_at', t.ts)
    .addColumn('deleted_at', t.ts)
    .execute();
  await db.schema.createIndex('privacy_exports_expiry_idx').on('privacy_exports').columns(['deleted_at', 'expires_at']).execute();

  await db.schema
    .createTable('processor_deletion_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.references('privacy_requests.id').onDelete('set null'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('completed_at', t.ts)
    .execute();
  await db.schema.createIndex('processor_tasks_status_idx').on('processor_deletion_tasks').columns(['recipient', 'status', 'id']).execute();

  await db.schema
    .createTable('consent_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('visitor_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('lawful_basis', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('wording_version', 'text')
    .addColumn('policy_version', 'text')
    .addColumn('ip_truncated', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consent_records_contact_idx').on('consent_records').columns(['contact_id', 'purpose', 'created_at']).execute();
  await db.schema.createIndex('consent_records_user_idx').on('consent_records').columns(['user_id', 'purpose', 'created_at']).execute();
  await db.schema.createIndex('consent_records_visitor_idx').on('consent_records').columns(['visitor_id', 'purpose', 'created_at']).execute();

  await db.schema
    .createTable('consent_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('visitor_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consent_decisions_contact_idx').on('consent_decisions').columns(['contact_id', 'created_at']).execute();
  await db.schema.createIndex('consent_decisions_user_idx').on('consent_decisions').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('consent_decisions_created_idx').on('consent_decisions').column('created_at').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Personal-data breach register (GDPR Art. 33/34, UU PDP Pasal 46, policy §11): the breach with
 * its legal deadlines, the containment checklist, and the affected subjects notified by email with
 * per-recipient delivery state. The timeline is the audit log of the breach (target `breach`).
 * A null `workspace_id` is a breach of the operator's own processing (platform scope).
 *
 * Also the reports of a minor's data (policy §12: the service is not for anyone under 18): filed on
 * the public privacy portal, handled by the privacy officer, who can erase that person at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('breaches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('nature', 'text', (c) => c.notNull())
    .addColumn('data_categories', t.json, (c) => c.notNull())
    .addColumn('approx_subjects', 'integer', (c) => c.notNull())
    .addColumn('approx_records', 'integer')
    .addColumn('aware_at', t.ts, (c) => c.notNull())
    .addColumn('detected_at', t.ts)
    .addColumn('systems', 'text')
    .addColumn('consequences', 'text')
    .addColumn('measures', 'text')
    .addColumn('authority_due_at', t.ts, (c) => c.notNull())
    .addColumn('subjects_due_at', t.ts, (c) => c.notNull())
    .addColumn('authority_notified_at', t.ts)
    .addColumn('subjects_notified_at', t.ts)
    .addColumn('notify_job_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('breaches_ws_idx').on('breaches').columns(['workspace_id', 'aware_at']).execute();

  await db.schema
    .createTable('breach_checklist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('breach_id', 'text', (c) => c.notNull().references('breaches.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('done_at', t.ts)
    .addColumn('done_by', 'text')
    .execute();
  await db.schema.createIndex('breach_checklist_breach_idx').on('breach_checklist').columns(['breach_id', 'position']).execute();

  await db.schema
    .createTable('breach_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('breach_id', 'text', (c) => c.notNull().references('breaches.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sent_at', t.ts)
    .addColumn('error', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('breach_recipients_breach_idx').on('breach_recipients').columns(['breach_id', 'status']).execute();
  await db.schema.createIndex('breach_recipients_email_idx').on('breach_recipients').columns(['email']).execute();

  await db.schema
    .createTable('minor_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reporter_email', 'text')
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', t.ts, (c) => c.notNull())
    .addColumn('handled_at', t.ts)
    .addColumn('handled_by', 'text')
    .addColumn('result', t.json)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('minor_reports_ws_idx').on('minor_reports').columns(['workspace_id', 'status', 'received_at']).execute();
}

import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Web-to-lead and demo-request forms (issue 6 item 7, policy §2a): the form definitions, the
 * immutable versions of each consent checkbox's wording (a changed text is a new version, so a
 * submission always points at the exact words its visitor saw), and the submissions. A null
 * `workspace_id` is the operator's own form (the "Request a demo" page): the operator is controller.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fields', t.json, (c) => c.notNull())
    .addColumn('consents', t.json, (c) => c.notNull())
    .addColumn('owner_pool', t.json, (c) => c.notNull())
    // Round-robin position: incremented in one UPDATE … RETURNING, so concurrent submissions each get their own turn.
    .addColumn('rr_counter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_ws_idx').on('forms').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('form_consent_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('consent_key', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('text_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_consent_versions_form_idx').on('form_consent_versions').columns(['form_id', 'consent_key']).execute();

  await db.schema
    .createTable('form_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    // A merge re-points submissions (data-map link); deleting the contact takes its submissions along.
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('answers', t.json, (c) => c.notNull())
    .addColumn('consents', t.json, (c) => c.notNull())
    .addColumn('visitor_id', 'text')
    .addColumn('ip_truncated', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_submissions_form_idx').on('form_submissions').columns(['form_id', 'created_at']).execute();
  await db.schema.createIndex('form_submissions_contact_idx').on('form_submissions').columns(['contact_id']).execute();
  await db.schema.createIndex('form_submissions_email_idx').on('form_submissions').columns(['email']).execute();
}

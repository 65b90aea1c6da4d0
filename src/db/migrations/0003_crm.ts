import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('industry', 'text')
    .addColumn('size', 'text')
    .addColumn('phone', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('tags', t.json, (c) => c.notNull())
    .addColumn('custom_fields', t.json, (c) => c.notNull())
    .addColumn('name_key', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_ws_name_key_idx').on('companies').columns(['workspace_id', 'name_key']).execute();
  await db.schema.createIndex('companies_ws_idx').on('companies').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('companies_ws_domain_idx').on('companies').columns(['workspace_id', 'domain']).execute();
  await db.schema.createIndex('companies_ws_name_idx').on('companies').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('email', 'text')
    .addColumn('emails', t.json, (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('phones', t.json, (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('locale', 'text')
    .addColumn('source', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('tags', t.json, (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull().defaultTo('lead'))
    .addColumn('custom_fields', t.json, (c) => c.notNull())
    .addColumn('restricted', t.bool, (c) => c.notNull().defaultTo(0))
    // Match keys for duplicate detection: phone digits only, and the name folded (see duplicates.ts).
    .addColumn('phone_digits', 'text')
    .addColumn('name_key', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_ws_phone_digits_idx').on('contacts').columns(['workspace_id', 'phone_digits']).execute();
  await db.schema.createIndex('contacts_ws_name_key_idx').on('contacts').columns(['workspace_id', 'name_key']).execute();
  await db.schema.createIndex('contacts_ws_idx').on('contacts').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('contacts_ws_email_idx').on('contacts').columns(['workspace_id', 'email']).execute();
  await db.schema.createIndex('contacts_ws_phone_idx').on('contacts').columns(['workspace_id', 'phone']).execute();
  await db.schema.createIndex('contacts_ws_updated_idx').on('contacts').columns(['workspace_id', 'updated_at']).execute();
  await db.schema.createIndex('contacts_import_idx').on('contacts').column('import_id').execute();

  await db.schema
    .createTable('contact_companies')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_companies_pk', ['contact_id', 'company_id'])
    .execute();
  await db.schema.createIndex('contact_companies_company_idx').on('contact_companies').column('company_id').execute();

  await db.schema
    .createTable('custom_field_defs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', t.json, (c) => c.notNull())
    .addColumn('required', t.bool, (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addUniqueConstraint('custom_field_defs_uq', ['workspace_id', 'object', 'key'])
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', t.json, (c) => c.notNull())
    .addColumn('sort', t.json, (c) => c.notNull())
    .addColumn('columns', t.json, (c) => c.notNull())
    .addColumn('shared', t.bool, (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_ws_idx').on('saved_views').columns(['workspace_id', 'object']).execute();

  // Field-level history shown on record timelines. Old and new values are personal data: the data
  // map erases these rows with their subject.
  await db.schema
    .createTable('timeline_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('changes', t.json)
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timeline_events_obj_idx').on('timeline_events').columns(['workspace_id', 'object_type', 'object_id', 'at']).execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('due_at', t.ts)
    .addColumn('done_at', t.ts)
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reminder_at', t.ts)
    .addColumn('reminded_at', t.ts)
    .addColumn('duration_minutes', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('cascade'))
    .addColumn('deal_id', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_ws_idx').on('activities').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('activities_contact_idx').on('activities').columns(['contact_id', 'created_at']).execute();
  await db.schema.createIndex('activities_company_idx').on('activities').columns(['company_id', 'created_at']).execute();
  await db.schema.createIndex('activities_deal_idx').on('activities').columns(['deal_id', 'created_at']).execute();
  await db.schema.createIndex('activities_reminder_idx').on('activities').columns(['reminder_at', 'reminded_at']).execute();
}

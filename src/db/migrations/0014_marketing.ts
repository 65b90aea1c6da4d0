import { sql, type Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Email marketing (policy §2a, §3, §6): static lists and their members, saved segments, templates,
 * campaigns with one row per recipient (what was sent or why not), the suppression list every send
 * honours, double opt-in confirmations, and each workspace's sending settings.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('marketing_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('marketing_lists_ws_idx').on('marketing_lists').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('marketing_list_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('list_id', 'text', (c) => c.notNull().references('marketing_lists.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('marketing_list_members_pk', ['list_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('marketing_list_members_contact_idx').on('marketing_list_members').columns(['contact_id']).execute();

  await db.schema
    .createTable('marketing_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('marketing_segments_ws_idx').on('marketing_segments').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('marketing_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('marketing_templates_ws_idx').on('marketing_templates').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('marketing_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.references('marketing_lists.id').onDelete('set null'))
    .addColumn('segment_id', 'text', (c) => c.references('marketing_segments.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', t.ts)
    .addColumn('started_at', t.ts)
    .addColumn('finished_at', t.ts)
    .addColumn('recipients_total', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('marketing_campaigns_ws_idx').on('marketing_campaigns').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('marketing_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('marketing_campaigns.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('tracked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'text')
    .addColumn('claimed_at', t.ts)
    .addColumn('sent_at', t.ts)
    .addColumn('bounced_at', t.ts)
    .addColumn('complained_at', t.ts)
    .addColumn('opened_at', t.ts)
    .addColumn('clicked_at', t.ts)
    .addColumn('unsubscribed_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addUniqueConstraint('marketing_sends_campaign_contact_uq', ['campaign_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('marketing_sends_status_idx').on('marketing_sends').columns(['campaign_id', 'status']).execute();
  await db.schema.createIndex('marketing_sends_ws_sent_idx').on('marketing_sends').columns(['workspace_id', 'sent_at']).where(sql.ref('sent_at'), 'is not', null).execute();
  await db.schema.createIndex('marketing_sends_contact_idx').on('marketing_sends').columns(['contact_id']).execute();
  await db.schema.createIndex('marketing_sends_message_idx').on('marketing_sends').columns(['message_id']).where(sql.ref('message_id'), 'is not', null).execute();

  await db.schema
    .createTable('marketing_suppressions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addUniqueConstraint('marketing_suppressions_uq', ['workspace_id', 'email_hash', 'reason'])
    .execute();

  await db.schema
    .createTable('marketing_optins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('sent_at', t.ts, (c) => c.notNull())
    .addColumn('confirmed_at', t.ts)
    .execute();
  await db.schema.createIndex('marketing_optins_contact_idx').on('marketing_optins').columns(['workspace_id', 'contact_id']).execute();

  await db.schema
    .createTable('marketing_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
    .addColumn('double_opt_in', 'text', (c) => c.notNull())
    .addColumn('inbound_token_hash', 'text')
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
}

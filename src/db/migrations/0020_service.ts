import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Service (issue 8, policy §3): tickets with their messages and attachments, teams, canned
 * responses and per-workspace settings; business-hours calendars and SLA policies; the knowledge
 * base; the customer portal's sign-in links and sessions; satisfaction surveys. Every table is a
 * workspace's (the workspace is controller of its requesters' data).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const ws = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull().references('workspaces.id').onDelete('cascade');

  await db.schema
    .createTable('service_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('auto_assign', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('round_robin_last_user_id', 'text')
    .addColumn('inbound_token', 'text', (c) => c.notNull().unique())
    .addColumn('csat_enabled', t.bool, (c) => c.notNull().defaultTo(1))
    .addColumn('portal_enabled', t.bool, (c) => c.notNull().defaultTo(1))
    .addColumn('default_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_teams_ws_idx').on('service_teams').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('service_team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('service_teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', ws)
    .addPrimaryKeyConstraint('service_team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('service_team_members_user_idx').on('service_team_members').columns(['user_id']).execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('requester_contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('requester_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('team_id', 'text', (c) => c.references('service_teams.id').onDelete('set null'))
    .addColumn('tags', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('merged_into_id', 'text')
    .addColumn('sla_policy_id', 'text')
    .addColumn('first_response_due_at', t.ts)
    .addColumn('resolution_due_at', t.ts)
    .addColumn('first_responded_at', t.ts)
    .addColumn('sla_paused_at', t.ts)
    .addColumn('sla_paused_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_breached_at', t.ts)
    .addColumn('resolution_breached_at', t.ts)
    .addColumn('sla_warned', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('solved_at', t.ts)
    .addColumn('closed_at', t.ts)
    .addColumn('last_message_at', t.ts, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tickets_ws_number_uq').on('tickets').columns(['workspace_id', 'number']).unique().execute();
  await db.schema.createIndex('tickets_ws_status_idx').on('tickets').columns(['workspace_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('tickets_ws_assignee_idx').on('tickets').columns(['workspace_id', 'assignee_id', 'status']).execute();
  await db.schema.createIndex('tickets_ws_requester_idx').on('tickets').columns(['workspace_id', 'requester_email']).execute();
  await db.schema.createIndex('tickets_ws_resolution_due_idx').on('tickets').columns(['workspace_id', 'resolution_due_at']).execute();
  await db.schema.createIndex('tickets_ws_first_due_idx').on('tickets').columns(['workspace_id', 'first_response_due_at']).execute();
  await db.schema.createIndex('tickets_contact_idx').on('tickets').columns(['requester_contact_id']).execute();
  // Lists sort by latest activity; subject resolution finds an account's tickets by its id.
  await db.schema.createIndex('tickets_ws_activity_idx').on('tickets').columns(['workspace_id', 'last_message_at', 'id']).execute();
  await db.schema.createIndex('tickets_user_idx').on('tickets').columns(['requester_user_id']).execute();

  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_email', 'text')
    .addColumn('author_name', 'text')
    .addColumn('internal', t.bool, (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('email_message_id', 'text')
    .addColumn('delivery_status', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_messages_ticket_idx').on('ticket_messages').columns(['ticket_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_messages_msgid_uq').on('ticket_messages').columns(['workspace_id', 'email_message_id']).unique().execute();

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('ticket_messages.id').onDelete('set null'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_attachments_ticket_idx').on('ticket_attachments').columns(['ticket_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_attachments_message_idx').on('ticket_attachments').columns(['message_id']).execute();

  await db.schema
    .createTable('canned_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('shortcut', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('canned_responses_ws_idx').on('canned_responses').columns(['workspace_id', 'title']).execute();

  await db.schema
    .createTable('service_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('hours', t.json, (c) => c.notNull())
    .addColumn('holiday_regions', t.json, (c) => c.notNull())
    .addColumn('extra_holidays', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_calendars_ws_idx').on('service_calendars').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('service_calendars.id').onDelete('restrict'))
    .addColumn('targets', t.json, (c) => c.notNull())
    .addColumn('warn_before_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('is_default', t.bool, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_policies_ws_idx').on('sla_policies').columns(['workspace_id', 'is_default']).execute();
  await db.schema.createIndex('sla_policies_calendar_idx').on('sla_policies').columns(['calendar_id']).execute();

  await db.schema
    .createTable('kb_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_categories_slug_uq').on('kb_categories').columns(['workspace_id', 'slug']).unique().execute();

  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('category_id', 'text', (c) => c.references('kb_categories.id').onDelete('set null'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', t.ts)
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_articles_slug_uq').on('kb_articles').columns(['workspace_id', 'locale', 'slug']).unique().execute();
  await db.schema.createIndex('kb_articles_group_idx').on('kb_articles').columns(['workspace_id', 'group_id']).execute();
  await db.schema.createIndex('kb_articles_category_idx').on('kb_articles').columns(['category_id']).execute();

  await db.schema
    .createTable('portal_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .addColumn('used_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_tokens_email_idx').on('portal_tokens').columns(['email']).execute();
  await db.schema.createIndex('portal_tokens_expires_idx').on('portal_tokens').columns(['expires_at']).execute();

  await db.schema
    .createTable('portal_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_sessions_email_idx').on('portal_sessions').columns(['email']).execute();
  await db.schema.createIndex('portal_sessions_expires_idx').on('portal_sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('csat_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', ws)
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('sent_at', t.ts)
    .addColumn('answered_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('csat_surveys_ticket_idx').on('csat_surveys').columns(['ticket_id']).execute();
  await db.schema.createIndex('csat_surveys_ws_answered_idx').on('csat_surveys').columns(['workspace_id', 'answered_at']).execute();
}

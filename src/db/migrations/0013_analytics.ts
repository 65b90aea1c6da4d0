import { sql, type Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * First-party analytics (policy §2c, §8): raw events, the consented visitor ids and the accounts
 * or contacts they were linked to, the daily salts that make anonymous visitors countable for one
 * day only, and the daily aggregates that outlive the raw events. A null `workspace_id` is the
 * platform's own site (the operator is controller).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const pg = dialect === 'postgres';

  // How a workspace's site counts visitors who did not allow analytics: a daily salted hash, or not at all.
  await db.schema.alterTable('workspaces').addColumn('analytics_mode', 'text', (c) => c.notNull().defaultTo('hash')).execute();
  await db.schema.alterTable('workspaces').addColumn('analytics_retention_months', 'integer', (c) => c.notNull().defaultTo(24)).execute();

  await db.schema
    .createTable('analytics_events')
    // An integer key: tens of millions of rows, appended in order.
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('occurred_at', t.ts, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text')
    .addColumn('visitor_id', 'text')
    .addColumn('visitor_hash', 'text')
    .addColumn('hostname', 'text')
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('referrer_host', 'text')
    .addColumn('referrer_path', 'text')
    .addColumn('utm_source', 'text')
    .addColumn('utm_medium', 'text')
    .addColumn('utm_campaign', 'text')
    .addColumn('utm_term', 'text')
    .addColumn('utm_content', 'text')
    .addColumn('country', 'text')
    .addColumn('browser', 'text')
    .addColumn('os', 'text')
    .addColumn('device', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('feature', 'text')
    .addColumn('engaged_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('analytics_events_ws_day_idx').on('analytics_events').columns(['workspace_id', 'day']).execute();
  await db.schema.createIndex('analytics_events_page_idx').on('analytics_events').columns(['page_id']).where(sql.ref('page_id'), 'is not', null).execute();
  await db.schema.createIndex('analytics_events_visitor_idx').on('analytics_events').columns(['visitor_id']).where(sql.ref('visitor_id'), 'is not', null).execute();

  await db.schema
    .createTable('analytics_visitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('first_seen_at', t.ts, (c) => c.notNull())
    .addColumn('linked_at', t.ts)
    .execute();
  await db.schema.createIndex('analytics_visitors_vid_idx').on('analytics_visitors').columns(['visitor_id']).execute();
  await db.schema.createIndex('analytics_visitors_user_idx').on('analytics_visitors').columns(['user_id']).where(sql.ref('user_id'), 'is not', null).execute();
  await db.schema.createIndex('analytics_visitors_contact_idx').on('analytics_visitors').columns(['contact_id']).where(sql.ref('contact_id'), 'is not', null).execute();

  await db.schema
    .createTable('analytics_salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('analytics_daily')
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addColumn('pageviews', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('bounces', 'integer', (c) => c.notNull())
    .addColumn('engaged_ms', t.bigint, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analytics_daily_ws_idx').on('analytics_daily').columns(['workspace_id', 'dimension', 'day']).execute();
}

import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Inbound webhooks of the email tools (issue 9 item 4): each Mailchimp or Brevo connection gets a
 * webhook at the provider, so unsubscribes, hard bounces and spam complaints arrive at once. Kept
 * per connection: the provider's webhook id (to delete it on disconnect), a hash of the secret the
 * provider presents (the secret itself is only ever in the provider's configuration), when it was
 * registered or why that failed, and when the last event arrived.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('integration_connections').addColumn('webhook_id', 'text').execute();
  await db.schema.alterTable('integration_connections').addColumn('webhook_token_hash', 'text').execute();
  await db.schema.alterTable('integration_connections').addColumn('webhook_registered_at', t.ts).execute();
  await db.schema.alterTable('integration_connections').addColumn('webhook_error', 'text').execute();
  await db.schema.alterTable('integration_connections').addColumn('last_event_at', t.ts).execute();
}

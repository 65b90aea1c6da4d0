import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** Mails about a privacy request go out in the language the requester used (en or id). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('privacy_requests').addColumn('locale', 'text', (c) => c.notNull().defaultTo('en')).execute();
}

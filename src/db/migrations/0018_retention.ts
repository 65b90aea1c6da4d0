import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Retention (issue 7 item 1, policy §5): the inactivity warnings sent to accounts about to reach
 * 24 months without activity, and an index on `users.last_active_at` so the daily sweep finds
 * inactive accounts without reading every user.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('retention_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('warned_at', t.ts, (c) => c.notNull())
    // The last activity the warning was about: activity after it (a sign-in) cancels the warning.
    .addColumn('inactive_since', t.ts, (c) => c.notNull())
    .addColumn('erase_after', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_notices_user_idx').on('retention_notices').columns(['user_id', 'warned_at']).execute();
  await db.schema.createIndex('users_last_active_idx').on('users').columns(['last_active_at']).execute();
}

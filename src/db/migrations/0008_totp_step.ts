import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** The last TOTP time step a user signed in with, so a code cannot be replayed inside its window. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * A campaign names its one live chain of send jobs (`run_id`: jobs of an older chain stop and
 * claim nothing), and a chain that used up its retries leaves the campaign `failed` with the
 * reason shown to members (`failure_reason`) until someone resumes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('marketing_campaigns').addColumn('run_id', 'text').execute();
  await db.schema.alterTable('marketing_campaigns').addColumn('failure_reason', 'text').execute();
}

import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Access and erasure requests find an account's own audit entries by actor; without an index that
 * read scanned the whole log, which grows for the life of the deployment.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
}

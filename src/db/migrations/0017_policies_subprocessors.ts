import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Policy notices and the sub-processor register (issue 7 items 3 and 5, policy §4, §9, §10, §13).
 * `governance_notices` remembers each batched notice job (a published policy version, a register
 * change) so its progress can be shown; `subprocessors` holds the editable register whose keys are
 * the data map's recipient ids.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('governance_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'text', (c) => c.references('policy_versions.id'))
    .addColumn('job_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('governance_notices_policy_idx').on('governance_notices').column('policy_version_id').execute();

  await db.schema
    .createTable('subprocessors')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('data_categories', t.json, (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('mechanism', 'text', (c) => c.notNull())
    .addColumn('dpa_date', 'text')
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
}

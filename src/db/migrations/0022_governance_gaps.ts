import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Governance gaps (issue 7):
 * - `forms.age_gate`: the form asks for an 18+ confirmation (policy §12). On for every form,
 *   existing ones included: the policy's minimum age has no exception for older forms.
 * - `governance_notice_progress`: where a policy or sub-processor notice job got to, so a retried
 *   job resumes after the last user it mailed instead of mailing everyone again.
 * - `breaches.late_reason`: the officer's reasons for notifying the authority after 72 hours
 *   (GDPR Art. 33(1)), printed in the authority report.
 * - `disclosure_log`: personal data that actually flowed to a sub-processor, one row per batch,
 *   with the cross-border transfer and its mechanism (policy §4, §9, §10; GDPR Art. 30(1)(e)).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('forms').addColumn('age_gate', t.bool, (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('breaches').addColumn('late_reason', 'text').execute();
  await db.schema
    .createTable('governance_notice_progress')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('last_user_id', 'text', (c) => c.notNull())
    .addColumn('sent', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('disclosure_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text')
    .addColumn('subprocessor_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('data_categories', 'text', (c) => c.notNull())
    .addColumn('subject_count', 'integer', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('data_region', 'text', (c) => c.notNull())
    .addColumn('cross_border', t.bool, (c) => c.notNull())
    .addColumn('mechanism', 'text')
    .addColumn('first_at', t.ts, (c) => c.notNull())
    .addColumn('last_at', t.ts, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosure_log_ws_idx').on('disclosure_log').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('disclosure_log_created_idx').on('disclosure_log').columns(['created_at', 'id']).execute();
}

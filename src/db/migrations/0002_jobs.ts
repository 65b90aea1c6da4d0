import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  // The table runner's queue; on PostgreSQL pg-boss holds the queue and this row mirrors each job
  // (same id) so progress, result and the workspace survive on both runners.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('backoff_ms', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    // No foreign key: a job (an erasure, an export) may have to outlive the workspace it serves.
    .addColumn('workspace_id', 'text')
    .addColumn('run_at', t.ts, (c) => c.notNull())
    .addColumn('lease_until', t.ts)
    .addColumn('locked_by', 'text')
    .addColumn('progress', t.json)
    .addColumn('result', t.json)
    .addColumn('error', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addColumn('finished_at', t.ts)
    .execute();
  // Claiming looks for one name's queued jobs that are due, or running ones whose lease ran out.
  await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['name', 'status', 'run_at']).execute();
  // Unique but nullable: both databases allow many NULLs, one row per key.
  await db.schema.createIndex('jobs_idempotency_uq').on('jobs').column('idempotency_key').unique().execute();
  await db.schema.createIndex('jobs_ws_idx').on('jobs').columns(['workspace_id', 'created_at']).execute();
}

import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * CSV imports: one row per upload with its progress and counts, and the rows it refused (kept so
 * the member can download, fix and re-import them). `processed` is also the resume point: rows
 * 1..processed are committed, so a job that is retried starts after them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mapping', t.json, (c) => c.notNull())
    .addColumn('options', t.json, (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('undo_job_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('finished_at', t.ts)
    .addColumn('undone_at', t.ts)
    .execute();
  await db.schema.createIndex('imports_ws_idx').on('imports').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('import_rows_rejected')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('errors', t.json, (c) => c.notNull())
    .addColumn('raw', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rows_rejected_pk', ['import_id', 'row_number'])
    .execute();
  await db.schema.createIndex('import_rows_rejected_created_idx').on('import_rows_rejected').column('created_at').execute();
}

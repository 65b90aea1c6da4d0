import { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { conflict, HttpError, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import { listDefs, type CustomFieldDef } from './custom-fields.js';
import { CSV_BOM, csvText } from './csv-safe.js';
import { processBatch, type Dedupe } from './import-batch.js';
import { countRecords } from './import-count.js';
import { importFilePath, readRecords, removeImportFile, sniffDelimiter, type FileRecord } from './import-file.js';
import { BATCH_SIZE, RUN_ATTEMPTS, RUN_JOB, UNDO_JOB, type ImportOptions } from './import-jobs.js';
import { applyOverrides, assertMappable, autoMap, type ColumnMapping, type ImportObject } from './import-mapping.js';
import { rowConverter, type PreparedRow, type RowError } from './import-rows.js';
import * as repo from './imports-repo.js';
import type { ImportStatus } from './imports-tables.js';

/**
 * CSV imports (API.md `POST /api/v1/imports`). The file is checked before anything is queued:
 * encoding and size on upload, then the header, the mapping and the row count here. A dry run
 * decides every row without writing a record; otherwise an `imports.run` job does the work.
 */
const PREVIEW_ROWS = 20;
const PREVIEW_ERRORS = 100;

export interface ImportView {
  id: string;
  object: string;
  status: ImportStatus;
  processed: number;
  total: number;
  /** Rows refused (API.md calls the count `errors`). */
  errors: number;
  created: number;
  updated: number;
  skipped: number;
  fileName: string | null;
  dedupe: string;
  mapping: ColumnMapping[];
  jobId: string | null;
  undoJobId: string | null;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

export interface StartInput {
  /** Id chosen before the upload was stored; the file is `$DATA_DIR/imports/<id>.csv`. */
  id: string;
  fileName: string | null;
  object: ImportObject;
  dedupe: Dedupe;
  dryRun: boolean;
  mapping?: Record<string, unknown> | undefined;
}

export interface Preview {
  id: string;
  status: 'previewed';
  object: ImportObject;
  total: number;
  mapping: ColumnMapping[];
  preview: { row: number; action: string; record: Record<string, unknown> }[];
  errors: ({ row: number } & RowError)[];
  errorCount: number;
  wouldCreate: number;
  wouldUpdate: number;
  wouldSkip: number;
}

export function toView(r: repo.ImportRow): ImportView {
  return {
    id: r.id,
    object: r.object,
    status: r.status as ImportStatus,
    processed: r.processed,
    total: r.total,
    errors: r.error_count,
    created: r.created_count,
    updated: r.updated_count,
    skipped: r.skipped_count,
    fileName: r.file_name,
    dedupe: (JSON.parse(r.options) as ImportOptions).dedupe,
    mapping: JSON.parse(r.mapping) as ColumnMapping[],
    jobId: r.job_id,
    undoJobId: r.undo_job_id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    undoneAt: r.undone_at,
  };
}

function headerMapping(object: ImportObject, rec: FileRecord, defs: CustomFieldDef[], overrides: Record<string, unknown> | undefined): ColumnMapping[] {
  if (!rec.cells) throw new HttpError(400, 'invalid_csv', `The header row is not valid CSV: ${rec.error?.message ?? 'unreadable'}`);
  if (rec.cells.some((c) => c.includes('\u0000'))) throw new HttpError(400, 'invalid_csv', 'The header row is too long to be a header');
  const headers = rec.cells.map((c) => c.trim());
  if (headers.every((h) => h === '')) throw new HttpError(400, 'missing_header', 'The first row must name the columns (e.g. "First Name", "Email")');
  const mapping = applyOverrides(object, autoMap(object, headers, defs), overrides ?? {}, defs);
  assertMappable(object, mapping);
  return mapping;
}

/** Reads the stored upload: header and mapping (a 400 here stops everything), row count, and for a dry run every decision. */
async function scan(ctx: AppContext, scope: WorkspaceScope, input: StartInput, delimiter: string) {
  const defs = await listDefs(ctx.db.k, scope.workspaceId, input.object);
  let mapping: ColumnMapping[] | null = null;
  let convert: ((r: FileRecord) => PreparedRow) | null = null;
  let total = 0;
  const preview: Preview['preview'] = [];
  const errors: Preview['errors'] = [];
  const counts: repo.Counts = { created: 0, updated: 0, skipped: 0, rejected: 0 };
  const dry = { seen: new Set<string>() };
  let batch: PreparedRow[] = [];
  const decide = async (): Promise<void> => {
    const res = await processBatch(ctx, scope, ctx.db.k, { object: input.object, dedupe: input.dedupe, importId: input.id, defs, dry }, batch);
    batch = [];
    for (const key of ['created', 'updated', 'skipped', 'rejected'] as const) counts[key] += res.counts[key];
    for (const d of res.decisions) if (preview.length < PREVIEW_ROWS && d.record) preview.push({ row: d.row, action: d.action, record: { ...d.record, ...(d.link ? { company: d.link } : {}) } });
    for (const r of res.rejected) for (const e of r.errors) if (errors.length < PREVIEW_ERRORS) errors.push({ row: r.row, ...e });
  };
  const path = importFilePath(ctx.config.dataDir, input.id);
  for await (const rec of readRecords(path, delimiter)) {
    if (rec.index === 0) {
      mapping = headerMapping(input.object, rec, defs, input.mapping);
      convert = rowConverter(input.object, mapping, defs);
      // A run only needs the row count here: counted without parsing when the file allows it.
      const records = input.dryRun ? null : await countRecords(path, delimiter);
      if (records !== null) {
        total = records - 1;
        break;
      }
      continue;
    }
    total++;
    if (!input.dryRun || !convert) continue;
    batch.push(convert(rec));
    if (batch.length >= BATCH_SIZE) await decide();
  }
  if (!mapping) throw new HttpError(400, 'missing_header', 'The file is empty: its first row must name the columns');
  if (batch.length) await decide();
  return { mapping, total, preview, errors, counts };
}

/** Checks a stored upload and previews it or queues its import. The file is removed on any refusal. */
export async function start(ctx: AppContext, scope: WorkspaceScope, input: StartInput): Promise<Preview | { id: string; status: 'queued'; jobId: string }> {
  let recorded = false;
  try {
    const delimiter = await sniffDelimiter(importFilePath(ctx.config.dataDir, input.id));
    const s = await scan(ctx, scope, input, delimiter);
    const at = ctx.clock.now().toISOString();
    const options: ImportOptions = { dedupe: input.dedupe, delimiter };
    await ctx.db.k.transaction().execute(async (trx) => {
      await repo.insert(trx, {
        id: input.id,
        workspace_id: scope.workspaceId,
        object: input.object,
        status: input.dryRun ? 'previewed' : 'queued',
        file_name: input.fileName ? input.fileName.slice(0, 255) : null,
        total: s.total,
        processed: 0,
        created_count: 0,
        updated_count: 0,
        skipped_count: 0,
        error_count: input.dryRun ? s.counts.rejected : 0,
        mapping: JSON.stringify(s.mapping),
        options: JSON.stringify(options),
        job_id: null,
        undo_job_id: null,
        created_by: scope.actor.id,
        actor_type: scope.actor.type,
        created_at: at,
        finished_at: input.dryRun ? at : null,
        undone_at: null,
      });
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: input.dryRun ? 'import.previewed' : 'import.created', target: { type: 'import', id: input.id }, details: { object: input.object, total: s.total, dedupe: input.dedupe } }, trx);
    });
    recorded = true;
    if (input.dryRun) {
      await removeImportFile(ctx.config.dataDir, input.id);
      return {
        id: input.id, status: 'previewed', object: input.object, total: s.total, mapping: s.mapping, preview: s.preview, errors: s.errors,
        errorCount: s.counts.rejected, wouldCreate: s.counts.created, wouldUpdate: s.counts.updated, wouldSkip: s.counts.skipped,
      };
    }
    const jobId = await ctx.queue.enqueue(RUN_JOB, { importId: input.id }, { workspaceId: scope.workspaceId, maxAttempts: RUN_ATTEMPTS, backoffMs: 5000, idempotencyKey: `${RUN_JOB}:${input.id}` });
    await repo.update(ctx.db.k, input.id, { job_id: jobId });
    return { id: input.id, status: 'queued', jobId };
  } catch (err) {
    await removeImportFile(ctx.config.dataDir, input.id);
    // Recorded but never queued: say so rather than leave it waiting for a job that does not exist.
    if (recorded && !input.dryRun) await repo.update(ctx.db.k, input.id, { status: 'failed', finished_at: ctx.clock.now().toISOString() });
    throw err;
  }
}

async function load(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<repo.ImportRow> {
  const row = await repo.find(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Import');
  return row;
}

/** The import, with a job that died for good (its last lease expired) reported as failed. */
export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ImportView> {
  const row = await load(ctx, scope, id);
  if ((row.status === 'queued' || row.status === 'running') && row.job_id) {
    const job = await ctx.queue.get(row.job_id);
    if (job && (job.status === 'failed' || job.status === 'cancelled')) {
      const at = job.finishedAt ?? ctx.clock.now().toISOString();
      await repo.update(ctx.db.k, id, { status: 'failed', finished_at: at });
      await removeImportFile(ctx.config.dataDir, id);
      return toView({ ...row, status: 'failed', finished_at: at });
    }
  }
  return toView(row);
}

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: ImportView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, limit, cursor);
  return { data: rows.map(toView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export const UNDO_NOTE = 'Contacts and companies this import created are being deleted. Records it updated keep their new values: updates are not reverted.';

/** Queues the deletion of what the import created (once: asking again returns the same job). */
export async function undo(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<{ id: string; jobId: string; message: string }> {
  const row = await load(ctx, scope, id);
  if (row.status === 'queued' || row.status === 'running') throw conflict('import_in_progress', 'The import is still running: undo it when it has finished');
  if (row.status === 'previewed') throw conflict('nothing_to_undo', 'A preview writes nothing, so there is nothing to undo');
  if (row.status === 'undone') throw conflict('already_undone', 'This import was already undone');
  const jobId = await ctx.queue.enqueue(UNDO_JOB, { importId: id, actor: scope.actor }, { workspaceId: scope.workspaceId, maxAttempts: RUN_ATTEMPTS, backoffMs: 5000, idempotencyKey: `${UNDO_JOB}:${id}` });
  if (row.undo_job_id !== jobId) {
    await repo.update(ctx.db.k, id, { undo_job_id: jobId });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'import.undo_requested', target: { type: 'import', id } });
  }
  return { id, jobId, message: UNDO_NOTE };
}

/** Forgets an import and its rejected rows (personal data); the records it created stay. */
export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  const row = await load(ctx, scope, id);
  if (row.status === 'queued' || row.status === 'running') throw conflict('import_in_progress', 'The import is still running');
  const undoJob = row.status !== 'undone' && row.undo_job_id ? await ctx.queue.get(row.undo_job_id) : null;
  if (undoJob && (undoJob.status === 'queued' || undoJob.status === 'running')) throw conflict('undo_in_progress', 'The import is being undone: delete it when that has finished');
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.remove(trx, scope.workspaceId, id);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'import.deleted', target: { type: 'import', id } }, trx);
  });
  await removeImportFile(ctx.config.dataDir, id);
}

/** The refused rows as a formula-safe CSV: row, error, then the file's own columns. */
export async function rejectedCsv(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<{ filename: string; body: Readable }> {
  const row = await load(ctx, scope, id);
  const headers = (JSON.parse(row.mapping) as ColumnMapping[]).map((m) => m.column);
  const k = ctx.db.k;
  const ws = scope.workspaceId;
  async function* lines(): AsyncGenerator<string> {
    yield CSV_BOM + csvText([['row', 'error', ...headers]]);
    let after = 0;
    for (;;) {
      const page = await repo.rejected(k, ws, id, after, 500);
      if (page.length === 0) return;
      after = page[page.length - 1]?.row_number ?? after;
      yield csvText(
        page.map((r) => {
          const errors = JSON.parse(r.errors) as RowError[];
          const raw = JSON.parse(r.raw) as string[];
          const message = errors.map((e) => `${e.column ?? e.field}: ${e.message}`).join('; ');
          return [r.row_number, message, ...raw, ...Array<string>(Math.max(0, headers.length - raw.length)).fill('')];
        }),
      );
    }
  }
  return { filename: `import-${id}-rejected.csv`, body: Readable.from(lines()) };
}

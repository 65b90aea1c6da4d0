import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { HttpError } from '../../http/errors.js';
import type { JobContext, JobQueue } from '../../jobs/types.js';
import * as audit from '../audit/service.js';
import type { Actor, ActorType } from '../audit/service.js';
import * as companies from './companies-service.js';
import * as contacts from './contacts-service.js';
import { listDefs } from './custom-fields.js';
import { processBatch, type Dedupe } from './import-batch.js';
import { importFilePath, readRecords, removeImportFile } from './import-file.js';
import type { ColumnMapping, ImportObject } from './import-mapping.js';
import { rowConverter, type PreparedRow } from './import-rows.js';
import * as repo from './imports-repo.js';

/**
 * The background half of imports: `imports.run` streams the stored file in chunks of 5,000 rows,
 * grouped into transactions (BatchLimits) that also move the resume point, and `imports.undo`
 * deletes what an import created. Payloads carry the import id (and the undoing actor's ids) only.
 */
export const RUN_JOB = 'imports.run';
export const UNDO_JOB = 'imports.undo';
export const RUN_ATTEMPTS = 3;
/**
 * Rows decided and written together (one processBatch call): the unit of the batch's memory (its
 * parsed rows, views and search documents) and of the dry-run preview.
 */
export const BATCH_SIZE = 5000;

/**
 * How an import run groups its work. A transaction holds whole chunks of `chunkRows` and commits
 * once it holds `commitRows` rows or has been open `commitMs`, whichever comes first; the resume
 * point moves with each commit. Each commit costs a WAL sync and the write of every index page the
 * transaction touched: contact indexes such as email and phone take rows in random places, so at
 * 400k contacts a 5,000-row commit wrote ~60 MB of pages for the contacts table alone, where a
 * 20,000-row one wrote ~2.5 times that for four times the rows.
 */
export interface BatchLimits {
  chunkRows: number;
  commitRows: number;
  commitMs: number;
}

/**
 * In the server the import shares the one SQLite connection with HTTP requests, which wait for its
 * transaction: one chunk per commit keeps that wait to a second or two.
 */
export const SERVER_BATCHES: BatchLimits = { chunkRows: BATCH_SIZE, commitRows: BATCH_SIZE, commitMs: 0 };

/**
 * `kodepos import` has its connection to itself: larger transactions, still short enough (a few
 * seconds) that a server writing to the same file waits for them within its busy timeout.
 */
export const CLI_BATCHES: BatchLimits = { chunkRows: BATCH_SIZE, commitRows: 25_000, commitMs: 3000 };

export type JobProgress = Pick<JobContext, 'attempt' | 'progress'>;

export interface ImportOptions {
  dedupe: Dedupe;
  delimiter: string;
}

/** Jobs act for the member who started them, with no more than the records permissions. */
export function jobScope(workspaceId: string, actor: Actor): WorkspaceScope {
  return { workspaceId, role: null, userId: actor.type === 'user' ? actor.id : null, actor, can: (p) => p === 'records.read' || p === 'records.write' };
}

export function actorOf(row: repo.ImportRow): Actor {
  return { type: row.actor_type as ActorType, id: row.created_by };
}

/** A short reason for the job's error text: never the database's message, which may quote a value. */
function reason(err: unknown): string {
  if (err instanceof HttpError) return err.code;
  const e = err as { code?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string') return e.code === 'ENOENT' ? 'the uploaded file is gone' : e.code;
  return typeof e?.name === 'string' ? e.name : 'error';
}

/** Marks a run finished, drops the uploaded file (personal data) and audits the outcome with counts only. */
async function finish(ctx: AppContext, imp: repo.ImportRow, status: 'completed' | 'failed'): Promise<repo.ImportRow> {
  const at = ctx.clock.now().toISOString();
  await repo.update(ctx.db.k, imp.id, { status, finished_at: at });
  await removeImportFile(ctx.config.dataDir, imp.id);
  const done = (await repo.findForJob(ctx.db.k, imp.id)) ?? imp;
  await audit.record(ctx.db, ctx.clock, {
    actor: actorOf(imp),
    workspaceId: imp.workspace_id,
    action: `import.${status}`,
    target: { type: 'import', id: imp.id },
    details: { object: imp.object, total: done.total, processed: done.processed, created: done.created_count, updated: done.updated_count, skipped: done.skipped_count, rejected: done.error_count },
  });
  return done;
}

/** Runs (or resumes) an import; rows 1..processed are already committed and are skipped. A number sets chunk and commit size alike. */
export async function runImport(ctx: AppContext, importId: string, job: JobProgress, limits: BatchLimits | number = SERVER_BATCHES): Promise<unknown> {
  const { chunkRows, commitRows, commitMs } = typeof limits === 'number' ? { chunkRows: limits, commitRows: limits, commitMs: 0 } : limits;
  const k = ctx.db.k;
  const imp = await repo.findForJob(k, importId);
  if (!imp || (imp.status !== 'queued' && imp.status !== 'running')) return { skipped: true };
  const ws = imp.workspace_id;
  const scope = jobScope(ws, actorOf(imp));
  const object = imp.object as ImportObject;
  const { dedupe, delimiter } = JSON.parse(imp.options) as ImportOptions;
  let processed = imp.processed;
  try {
    await repo.update(k, imp.id, { status: 'running' });
    const defs = await listDefs(k, ws, object);
    const convert = rowConverter(object, JSON.parse(imp.mapping) as ColumnMapping[], defs);
    const records = readRecords(importFilePath(ctx.config.dataDir, imp.id), delimiter);
    let ended = false;
    /** The next rows of the file after the resume point, at most `chunkRows`. */
    const nextChunk = async (): Promise<PreparedRow[]> => {
      const chunk: PreparedRow[] = [];
      while (!ended && chunk.length < chunkRows) {
        const r = await records.next();
        if (r.done) ended = true;
        else if (r.value.index > imp.processed) chunk.push(convert(r.value));
      }
      return chunk;
    };
    const claimed = async (trx: Kysely<Database>, from: number, to: number): Promise<void> => {
      if (!(await repo.claimRows(trx, imp.id, from, to))) throw new HttpError(409, 'import_claimed', 'another worker is running this import');
    };
    try {
      let chunk = await nextChunk();
      while (chunk.length) {
        const from = processed;
        const opened = performance.now();
        let to = from;
        await k.transaction().execute(async (trx) => {
          // Checked (and on PostgreSQL the row locked) first, so a second worker waits instead of repeating the work.
          await claimed(trx, from, from);
          const counts: repo.Counts = { created: 0, updated: 0, skipped: 0, rejected: 0 };
          for (;;) {
            const res = await processBatch(ctx, scope, trx, { object, dedupe, importId: imp.id, defs }, chunk);
            for (const key of ['created', 'updated', 'skipped', 'rejected'] as const) counts[key] += res.counts[key];
            const at = ctx.clock.now().toISOString();
            await repo.insertRejected(trx, res.rejected.map((r) => ({ import_id: imp.id, workspace_id: ws, row_number: r.row, errors: JSON.stringify(r.errors), raw: JSON.stringify(r.raw), created_at: at })));
            to += chunk.length;
            chunk = [];
            if (to - from >= commitRows || performance.now() - opened >= commitMs) break;
            chunk = await nextChunk();
            if (!chunk.length) break;
          }
          await claimed(trx, from, to);
          await repo.addCounts(trx, imp.id, counts);
        });
        processed = to;
        await job.progress(processed, imp.total, `${processed} of ${imp.total} rows`);
        if (!chunk.length) chunk = await nextChunk();
      }
    } finally {
      // Closes the file and the parser when the run stops early.
      await records.return(undefined);
    }
    const done = await finish(ctx, imp, 'completed');
    return { created: done.created_count, updated: done.updated_count, skipped: done.skipped_count, rejected: done.error_count };
  } catch (err) {
    ctx.log.error({ importId, attempt: job.attempt, reason: reason(err) }, 'import stopped; committed batches are kept');
    if (job.attempt >= RUN_ATTEMPTS) await finish(ctx, imp, 'failed');
    throw new Error(`import stopped after row ${processed + 1}: ${reason(err)}`);
  }
}

/** Deletes what an import created, through the services (audit, timeline, search index, hooks). */
export async function runUndo(ctx: AppContext, importId: string, actor: Actor, job: JobProgress): Promise<unknown> {
  const k = ctx.db.k;
  const imp = await repo.findForJob(k, importId);
  if (!imp || imp.status === 'undone') return { skipped: true };
  const ws = imp.workspace_id;
  const scope = jobScope(ws, actor);
  const before = await repo.countCreated(k, ws, imp.id);
  const total = before.contacts + before.companies;
  let done = 0;
  for (const table of ['contacts', 'companies'] as const) {
    for (;;) {
      const ids = await repo.createdIds(k, ws, table, imp.id, 100);
      if (ids.length === 0) break;
      for (const id of ids) {
        try {
          if (table === 'contacts') await contacts.remove(ctx, scope, id);
          else await companies.remove(ctx, scope, id);
        } catch (err) {
          if (!(err instanceof HttpError && err.status === 404)) throw err;
        }
      }
      done += ids.length;
      await job.progress(done, total, `${done} of ${total} records deleted`);
    }
  }
  await repo.update(k, imp.id, { status: 'undone', undone_at: ctx.clock.now().toISOString() });
  await removeImportFile(ctx.config.dataDir, imp.id);
  const result = { deletedContacts: before.contacts, deletedCompanies: before.companies, keptRestricted: before.restricted };
  await audit.record(ctx.db, ctx.clock, { actor, workspaceId: ws, action: 'import.undone', target: { type: 'import', id: imp.id }, details: result });
  return result;
}

/**
 * Registers both handlers on a queue (the app's, or the CLI's own). Registering again replaces
 * the handler, so calling this more than once is harmless.
 */
export function registerImportJobs(ctx: AppContext, queue: JobQueue = ctx.queue, limits: BatchLimits = SERVER_BATCHES): void {
  queue.register<{ importId: string }>(RUN_JOB, (p, job) => runImport(ctx, p.importId, job, limits), { leaseMs: 5 * 60_000 });
  queue.register<{ importId: string; actor: Actor }>(UNDO_JOB, (p, job) => runUndo(ctx, p.importId, p.actor, job), { leaseMs: 5 * 60_000 });
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { createQueue } from '../jobs/index.js';
import { newId } from '../lib/ids.js';
import { SYSTEM } from '../modules/audit/service.js';
import { DEDUPE_MODES, type Dedupe } from '../modules/crm/import-batch.js';
import { MAX_LOCAL_FILE_BYTES, saveUpload } from '../modules/crm/import-file.js';
import { CLI_BATCHES, jobScope, registerImportJobs } from '../modules/crm/import-jobs.js';
import type { ImportObject } from '../modules/crm/import-mapping.js';
import * as imports from '../modules/crm/imports-service.js';
import { findWorkspace } from '../modules/workspaces/service.js';

/**
 * `kodepos import <file>`: the same checks and the same job as `POST /api/v1/imports`, run in this
 * process against the configured database as the system actor of one workspace. The job runs on a
 * queue of this process that knows only import jobs, so the CLI never sends the server's mail.
 */
export interface ImportCommandOptions {
  workspace: string;
  object: string;
  mapping?: string | undefined;
  dedupe?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface Output {
  log(line: string): void;
  /** Where the progress bar draws (it stays silent when this is not a terminal). */
  stream: NodeJS.WriteStream;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/**
 * SQLite settings of this process's connection while its import runs, put back afterwards.
 * Checkpointing every 64k WAL pages instead of every 1,000 copies a page into the database once for
 * several commits that touch it (a third fewer bytes written). Each commit still syncs the WAL
 * (synchronous stays FULL). The page cache is every connection's 32 MiB (src/db/db.ts).
 */
const IMPORT_PRAGMAS = { wal_autocheckpoint: 65_536 } as const;

/** Applies IMPORT_PRAGMAS on SQLite; returns what puts the previous values back. */
async function importSettings(ctx: AppContext): Promise<() => Promise<void>> {
  if (ctx.db.dialect !== 'sqlite') return async () => undefined;
  const before: [string, number][] = [];
  for (const [name, value] of Object.entries(IMPORT_PRAGMAS)) {
    const r = await sql.raw<Record<string, number>>(`pragma ${name}`).execute(ctx.db.k);
    before.push([name, Number(r.rows[0]?.[name])]);
    await sql.raw(`pragma ${name} = ${value}`).execute(ctx.db.k);
  }
  return async () => {
    for (const [name, value] of before) if (Number.isFinite(value)) await sql.raw(`pragma ${name} = ${value}`).execute(ctx.db.k);
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseOptions(opts: ImportCommandOptions): { object: ImportObject; dedupe: Dedupe; mapping?: Record<string, unknown> } {
  if (opts.object !== 'contact' && opts.object !== 'company') throw new Error('--object must be contact or company');
  const dedupe = opts.dedupe ?? 'update';
  if (!(DEDUPE_MODES as readonly string[]).includes(dedupe)) throw new Error('--dedupe must be create, update or skip');
  if (opts.mapping === undefined) return { object: opts.object, dedupe: dedupe as Dedupe };
  let mapping: unknown;
  try {
    mapping = JSON.parse(opts.mapping);
  } catch {
    throw new Error('--mapping must be JSON such as {"E-mail": "email", "Notes": null}');
  }
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) throw new Error('--mapping must be a JSON object');
  return { object: opts.object, dedupe: dedupe as Dedupe, mapping: mapping as Record<string, unknown> };
}

/** The message of an HttpError with its details, as a user at a terminal needs it. */
function explain(err: HttpError): string {
  const details = Array.isArray(err.details) ? (err.details as { field?: string; message?: string }[]).map((d) => `\n  ${d.field ?? ''}: ${d.message ?? ''}`).join('') : '';
  return `${err.message} (${err.code})${details}`;
}

/** Runs the command; returns the exit code (0 done, 1 failed). */
export async function runImportCommand(ctx: AppContext, file: string, opts: ImportCommandOptions, out: Output): Promise<number> {
  const { object, dedupe, mapping } = parseOptions(opts);
  if (!(await findWorkspace(ctx.db.k, opts.workspace))) throw new Error(`No workspace ${opts.workspace}`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new Error(`Cannot read ${file}`);
  // A local file is not an upload: the 50 MB HTTP limit does not apply, only the local sanity limit.
  if (info.size > MAX_LOCAL_FILE_BYTES) throw new Error(`${file} is larger than ${MAX_LOCAL_FILE_BYTES / 1024 / 1024} MB: split it into smaller files`);
  const scope = jobScope(opts.workspace, SYSTEM);
  const id = newId('imp');
  let started: Awaited<ReturnType<typeof imports.start>>;
  try {
    await saveUpload(createReadStream(file, { highWaterMark: 1024 * 1024 }), ctx.config.dataDir, id, undefined, MAX_LOCAL_FILE_BYTES);
    started = await imports.start(ctx, scope, { id, fileName: basename(file), object, dedupe, dryRun: Boolean(opts.dryRun), mapping });
  } catch (err) {
    if (err instanceof HttpError) throw new Error(explain(err));
    throw err;
  }

  if (started.status === 'previewed') {
    out.log(`Dry run of ${started.total} rows (nothing written): would create ${started.wouldCreate}, update ${started.wouldUpdate}, skip ${started.wouldSkip}; ${started.errorCount} rejected`);
    for (const m of started.mapping) out.log(`  column ${JSON.stringify(m.column)} → ${m.field ?? '(ignored)'}`);
    for (const e of started.errors) out.log(`  row ${e.row}, ${e.column ?? e.field}: ${e.message}`);
    return 0;
  }

  const queue = createQueue(ctx.db, { clock: ctx.clock });
  registerImportJobs(ctx, queue, CLI_BATCHES);
  const restoreSettings = await importSettings(ctx);
  const view = await imports.get(ctx, scope, id);
  const bar = new cliProgress.SingleBar({ format: 'Importing |{bar}| {value}/{total} rows', stream: out.stream, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(view.total, 0);
  const show = async (): Promise<string | null> => {
    const job = await ctx.queue.get(started.jobId);
    bar.update(job?.progress?.done ?? 0);
    return job?.status ?? null;
  };
  const ticker = setInterval(() => void show().catch(() => undefined), 250);
  try {
    for (;;) {
      await queue.drain();
      const status = await show();
      if (!status || TERMINAL.has(status)) break;
      // Waiting for a retry after a failed attempt (or for the server, if it took the job).
      await sleep(1000);
    }
  } finally {
    clearInterval(ticker);
    bar.stop();
    await queue.stop();
    await restoreSettings();
  }
  const done = await imports.get(ctx, scope, id);
  out.log(`Import ${done.id} ${done.status}: ${done.processed} of ${done.total} rows; created ${done.created}, updated ${done.updated}, skipped ${done.skipped}, rejected ${done.errors}`);
  if (done.errors > 0) out.log(`The rejected rows and their reasons: GET /api/v1/imports/${done.id}/rejected.csv`);
  return done.status === 'completed' ? 0 : 1;
}

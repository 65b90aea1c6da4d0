import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { newId } from '../../lib/ids.js';
import { recordDisclosure, type DisclosureInput } from './disclosure.js';
import { ProviderError } from './http-client.js';
import * as repo from './repo.js';
import type { RunView } from './schema.js';

/** The sync-run log: counts and errors of each run, shown as the connection's history. */
export interface RunCounts {
  sent: number;
  skipped: number;
  received: number;
  failed: number;
  errors: string[];
}

export const emptyCounts = (): RunCounts => ({ sent: 0, skipped: 0, received: 0, failed: 0, errors: [] });

/** A message safe to store: the provider's status and code, or the error's own text for ours. */
export function safeError(err: unknown): string {
  if (err instanceof ProviderError) return err.summary;
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

async function startRun(ctx: AppContext, conn: repo.ConnectionRow, kind: string, jobId: string | null): Promise<string> {
  const id = newId('isr', ctx.clock.now().getTime());
  await repo.insertRun(ctx.db.k, { id, workspace_id: conn.workspace_id, connection_id: conn.id, provider: conn.provider, kind, job_id: jobId, status: 'running', sent: 0, skipped: 0, received: 0, failed: 0, errors: '[]', started_at: ctx.clock.now().toISOString(), finished_at: null });
  return id;
}

/** Ends a run and stamps the connection: last sync time, and its status from the outcome. */
async function finishRun(ctx: AppContext, conn: repo.ConnectionRow, runId: string, counts: RunCounts, fatal: unknown): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const errors = [...counts.errors, ...(fatal === undefined ? [] : [safeError(fatal)])].slice(0, 50);
  await repo.finishRun(ctx.db.k, conn.workspace_id, runId, { status: fatal === undefined ? 'completed' : 'failed', sent: counts.sent, skipped: counts.skipped, received: counts.received, failed: counts.failed, errors: JSON.stringify(errors), finished_at: at });
  await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { last_sync_at: at, status: fatal === undefined ? 'connected' : 'error', last_error: errors[errors.length - 1] ?? null, updated_at: at });
}

/** What a flow's body reports: its counts, and how many subjects it named to the provider. */
export interface Run {
  id: string;
  counts: RunCounts;
  disclosed: number;
  /** When the run started: the first possible disclosure time. */
  startedAt: string;
}

/**
 * The bookkeeping every sync shares: a run row before the work, the counts and any error after it,
 * the connection stamped with the outcome, and (when the flow sends personal data) one disclosure
 * row for what was sent even when the run failed half-way. The error, if any, is thrown again so
 * the job is retried.
 */
export async function withRun(
  ctx: AppContext,
  conn: repo.ConnectionRow,
  kind: string,
  job: JobContext | null,
  disclosure: Pick<DisclosureInput, 'purpose' | 'dataCategories'> | null,
  work: (run: Run) => Promise<void>,
): Promise<string> {
  const run: Run = { id: await startRun(ctx, conn, kind, job?.id ?? null), counts: emptyCounts(), disclosed: 0, startedAt: ctx.clock.now().toISOString() };
  let fatal: Error | undefined;
  try {
    await work(run);
  } catch (err) {
    fatal = err instanceof Error ? err : new Error(String(err));
  }
  if (disclosure) await recordDisclosure(ctx, { workspaceId: conn.workspace_id, provider: conn.provider, ...disclosure, subjectCount: run.disclosed, firstAt: run.startedAt, lastAt: ctx.clock.now().toISOString() });
  await finishRun(ctx, conn, run.id, run.counts, fatal);
  if (fatal !== undefined) throw fatal;
  return run.id;
}

export function runView(r: repo.RunRow): RunView {
  return { id: r.id, kind: r.kind, status: r.status, jobId: r.job_id, sent: r.sent, skipped: r.skipped, received: r.received, failed: r.failed, errors: JSON.parse(r.errors) as string[], startedAt: r.started_at, finishedAt: r.finished_at };
}

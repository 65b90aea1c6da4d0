import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
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

export async function startRun(ctx: AppContext, conn: repo.ConnectionRow, kind: string, jobId: string | null): Promise<string> {
  const id = newId('isr', ctx.clock.now().getTime());
  await repo.insertRun(ctx.db.k, { id, workspace_id: conn.workspace_id, connection_id: conn.id, provider: conn.provider, kind, job_id: jobId, status: 'running', sent: 0, skipped: 0, received: 0, failed: 0, errors: '[]', started_at: ctx.clock.now().toISOString(), finished_at: null });
  return id;
}

/** Ends a run and stamps the connection: last sync time, and its status from the outcome. */
export async function finishRun(ctx: AppContext, conn: repo.ConnectionRow, runId: string, counts: RunCounts, fatal: unknown): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const errors = [...counts.errors, ...(fatal === undefined ? [] : [safeError(fatal)])].slice(0, 50);
  await repo.finishRun(ctx.db.k, conn.workspace_id, runId, { status: fatal === undefined ? 'completed' : 'failed', sent: counts.sent, skipped: counts.skipped, received: counts.received, failed: counts.failed, errors: JSON.stringify(errors), finished_at: at });
  await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { last_sync_at: at, status: fatal === undefined ? 'connected' : 'error', last_error: errors[errors.length - 1] ?? null, updated_at: at });
}

export function runView(r: repo.RunRow): RunView {
  return { id: r.id, kind: r.kind, status: r.status, jobId: r.job_id, sent: r.sent, skipped: r.skipped, received: r.received, failed: r.failed, errors: JSON.parse(r.errors) as string[], startedAt: r.started_at, finishedAt: r.finished_at };
}

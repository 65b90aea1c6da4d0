import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/types.js';
import { iso } from '../lib/clock.js';
import type { EnqueueOptions, JobInfo, JobProgress, JobStatus } from './types.js';

/** Tables of the job runners (see migrations 0002_jobs). */
export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  idempotency_key: string | null;
  workspace_id: string | null;
  run_at: string;
  lease_until: string | null;
  locked_by: string | null;
  progress: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobTables {
  jobs: JobsTable;
}

/** What a new row needs beyond the caller's options: defaults already applied. */
export type NewJobOptions = EnqueueOptions & { maxAttempts: number; backoffMs: number };

export function newJobRow(id: string, name: string, payload: unknown, opts: NewJobOptions, now: Date): JobsTable {
  const at = iso(now);
  return {
    id,
    name,
    payload: JSON.stringify(payload ?? null),
    status: 'queued',
    attempts: 0,
    max_attempts: opts.maxAttempts,
    backoff_ms: opts.backoffMs,
    idempotency_key: opts.idempotencyKey ?? null,
    workspace_id: opts.workspaceId ?? null,
    run_at: iso(opts.runAt ?? now),
    lease_until: null,
    locked_by: null,
    progress: null,
    result: null,
    error: null,
    created_at: at,
    updated_at: at,
    finished_at: null,
  };
}

/** Inserts the row; on a repeated idempotency key inserts nothing and returns the first job's id. */
export async function insertJobRow(k: Kysely<Database>, row: JobsTable): Promise<{ id: string; inserted: boolean }> {
  const done = await k
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (done) return { id: done.id, inserted: true };
  const key = row.idempotency_key;
  const existing = key
    ? await k.selectFrom('jobs').select('id').where('idempotency_key', '=', key).executeTakeFirst()
    : undefined;
  if (!existing) throw new Error(`job ${row.id} was not inserted`);
  return { id: existing.id, inserted: false };
}

export function rowToInfo(row: Selectable<JobsTable>): JobInfo {
  return {
    id: row.id,
    name: row.name,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    progress: row.progress == null ? null : (JSON.parse(row.progress) as JobProgress),
    result: row.result == null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    workspaceId: row.workspace_id,
    createdAt: row.created_at,
    runAt: row.run_at,
    finishedAt: row.finished_at,
  };
}

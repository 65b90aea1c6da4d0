/**
 * One job-queue contract with two runners: a durable table on SQLite (in-process) and pg-boss
 * on PostgreSQL (shared by many app nodes). Payloads carry ids, never personal data or secrets.
 */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total: number | null;
  message: string | null;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first try. */
  attempt: number;
  /** Report progress; readers see it through `get`. */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
}

export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<unknown>;

export interface HandlerOptions {
  /** Jobs of this name run at most this many at once on one node (default 1). */
  concurrency?: number;
  /** A running job whose worker stops renewing for this long is taken over by another (default 60 s). */
  leaseMs?: number;
}

export interface EnqueueOptions {
  /** A second enqueue with the same key returns the first job's id and adds nothing. */
  idempotencyKey?: string;
  /** Not before this time. */
  runAt?: Date;
  /** Tries in all, including the first (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles each time (default 1 s). */
  backoffMs?: number;
  /** Tenant the job works for, so the UI can list a workspace's jobs. */
  workspaceId?: string | null;
}

export interface ScheduleOptions {
  /**
   * Asked at each tick before a job row is written; false skips the tick. Lets a frequent
   * schedule (a dispatcher every few seconds) cost one cheap query instead of a job row per tick
   * when there is nothing to do. A guard that throws counts as true: work is never skipped on error.
   */
  when?: () => Promise<boolean>;
}

export interface JobInfo {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  progress: JobProgress | null;
  result: unknown;
  error: string | null;
  workspaceId: string | null;
  createdAt: string;
  runAt: string;
  finishedAt: string | null;
}

export interface JobQueue {
  register<P>(name: string, handler: JobHandler<P>, opts?: HandlerOptions): void;
  enqueue<P>(name: string, payload: P, opts?: EnqueueOptions): Promise<string>;
  get(id: string): Promise<JobInfo | null>;
  /** Recurring job on a cron expression (croner syntax, UTC); re-registering replaces it. */
  schedule(name: string, cron: string, payload?: unknown, opts?: ScheduleOptions): Promise<void>;
  /** Begin polling and running jobs. */
  start(): Promise<void>;
  /** Stop taking jobs and wait for the running ones. */
  stop(): Promise<void>;
  /** Run every job that is due now until none is left (tests and the CLI use this). */
  drain(): Promise<void>;
}

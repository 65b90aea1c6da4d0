import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { addMs, iso } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { PolledQueue, type ClaimedJob, type InsertOptions, type QueueOptions } from './polled-queue.js';
import { insertJobRow, newJobRow, rowToInfo } from './tables.js';
import type { JobInfo, JobProgress } from './types.js';

type JobsEb = ExpressionBuilder<Database, 'jobs'>;

/** Queued and due, or running with a lease nobody renewed. */
function claimable(eb: JobsEb, now: string) {
  return eb.or([
    eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
    eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
  ]);
}

/** The durable table runner: in-process on SQLite, and usable on PostgreSQL through the same SQL. */
export class TableQueue extends PolledQueue {
  constructor(opts: QueueOptions) {
    super(opts, 250);
  }

  protected async open(): Promise<void> {}

  protected async close(): Promise<void> {}

  protected async insert(name: string, payload: unknown, opts: InsertOptions): Promise<string> {
    const row = newJobRow(newId('job'), name, payload, opts, this.clock.now());
    return (await insertJobRow(this.db.k, row)).id;
  }

  /** Two index range scans per name on jobs_claim_idx (name, status, run_at), whatever the table's size. */
  protected override async dueNames(names: string[]): Promise<Set<string>> {
    const at = iso(this.clock.now());
    const k = this.db.k;
    const rows = await k
      .selectFrom('jobs')
      .select('name')
      .where('name', 'in', names)
      .where('status', '=', 'queued')
      .where('run_at', '<=', at)
      .union(k.selectFrom('jobs').select('name').where('name', 'in', names).where('status', '=', 'running').where('lease_until', '<', at))
      .execute();
    return new Set(rows.map((r) => r.name));
  }

  protected async claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const k = this.db.k;
    const now = this.clock.now();
    const at = iso(now);
    // A job whose last allowed attempt lost its worker is not tried again.
    await k
      .updateTable('jobs')
      .set({ status: 'failed', error: 'lease expired', lease_until: null, finished_at: at, updated_at: at })
      .where('name', '=', name)
      .where('status', '=', 'running')
      .where('lease_until', '<', at)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .execute();
    const out: ClaimedJob[] = [];
    while (out.length < limit) {
      let pick = k
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', name)
        .where((eb) => claimable(eb, at))
        .orderBy('run_at')
        .orderBy('id')
        .limit(1);
      if (this.db.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
      // The outer condition repeats the inner one, so a row another worker took meanwhile is not taken again.
      const row = await k
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          attempts: eb('attempts', '+', 1),
          lease_until: iso(addMs(now, leaseMs)),
          locked_by: this.workerId,
          updated_at: at,
        }))
        .where('id', '=', pick)
        .where((eb) => claimable(eb, at))
        .returning(['id', 'name', 'payload', 'attempts', 'max_attempts', 'backoff_ms'])
        .executeTakeFirst();
      if (!row) break;
      out.push({
        id: row.id,
        name: row.name,
        payload: JSON.parse(row.payload) as unknown,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        backoffMs: row.backoff_ms,
      });
    }
    return out;
  }

  /** Writes only while this worker still holds this attempt of the job. */
  private mine(job: ClaimedJob) {
    return this.db.k
      .updateTable('jobs')
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', this.workerId)
      .where('attempts', '=', job.attempt);
  }

  protected async renew(job: ClaimedJob, leaseMs: number): Promise<void> {
    const now = this.clock.now();
    await this.mine(job)
      .set({ lease_until: iso(addMs(now, leaseMs)), updated_at: iso(now) })
      .execute();
  }

  protected async saveProgress(job: ClaimedJob, progress: JobProgress): Promise<void> {
    await this.mine(job)
      .set({ progress: JSON.stringify(progress), updated_at: iso(this.clock.now()) })
      .execute();
  }

  protected async complete(job: ClaimedJob, result: unknown): Promise<void> {
    const at = iso(this.clock.now());
    await this.mine(job)
      .set({
        status: 'completed',
        result: result === undefined ? null : JSON.stringify(result),
        error: null,
        lease_until: null,
        finished_at: at,
        updated_at: at,
      })
      .execute();
  }

  protected async fail(job: ClaimedJob, message: string): Promise<void> {
    const now = this.clock.now();
    const last = job.attempt >= job.maxAttempts;
    await this.mine(job)
      .set({
        status: last ? 'failed' : 'queued',
        error: message,
        lease_until: null,
        run_at: last ? undefined : iso(addMs(now, job.backoffMs * 2 ** (job.attempt - 1))),
        finished_at: last ? iso(now) : null,
        updated_at: iso(now),
      })
      .execute();
  }

  async get(id: string): Promise<JobInfo | null> {
    const row = await this.db.k.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToInfo(row) : null;
  }
}

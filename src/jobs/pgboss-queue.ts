import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { tx } from '../db/db.js';
import type { Database } from '../db/types.js';
import { addMs, iso } from '../lib/clock.js';
import { insertJobRow, newJobRow, rowToInfo } from './tables.js';
import { PolledQueue, type ClaimedJob, type InsertOptions, type QueueOptions } from './polled-queue.js';
import type { JobInfo, JobProgress, JobStatus } from './types.js';

export interface PgBossQueueOptions extends QueueOptions {
  /** Connections in pg-boss's own pool (default 4). */
  poolSize?: number;
  /** pg-boss archive/purge cadence (default 120 s); expired leases are swept by the workers themselves. */
  maintenanceIntervalSeconds?: number;
}

interface BossData {
  payload?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** pg-boss running its statements on one of our Kysely transactions, so queue and mirror row commit together. */
function on(k: Kysely<Database>): PgBoss.Db {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg-boss's Db contract passes untyped SQL parameters
    async executeSql(text: string, values: any[]) {
      const res = await k.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: res.rows };
    },
  };
}

function statusOf(state: PgBoss.JobWithMetadata['state']): JobStatus {
  switch (state) {
    case 'created':
    case 'retry':
      return 'queued';
    case 'active':
      return 'running';
    case 'completed':
    case 'cancelled':
    case 'failed':
      return state;
  }
}

/** pg-boss's own failure text (a lease that timed out) when our mirror row has none. */
function bossMessage(output: unknown): string | null {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  const m = o?.message ?? o?.value?.message;
  return typeof m === 'string' ? m : null;
}

/**
 * The pg-boss runner for PostgreSQL: many app nodes share one queue. pg-boss owns state, retries
 * (retryLimit/retryDelay/retryBackoff), runAt (startAfter) and leases (expire_in, renewed while the
 * handler runs); the `jobs` row of the same id mirrors the job for progress, result and `get`.
 */
export class PgBossQueue extends PolledQueue {
  private readonly bossConfig: PgBoss.ConstructorOptions;
  private readonly bossSchema: string;
  private boss: Promise<PgBoss> | null = null;
  private readonly queues = new Map<string, Promise<void>>();
  private lastExpire = 0;

  constructor(opts: PgBossQueueOptions) {
    super(opts, 500);
    const pg = opts.db.pg;
    if (opts.db.dialect !== 'postgres' || !pg) throw new Error('the pg-boss runner needs PostgreSQL');
    this.bossSchema = `${pg.schema}_boss`;
    this.bossConfig = {
      connectionString: pg.url,
      schema: this.bossSchema,
      max: opts.poolSize ?? 4,
      application_name: 'kodepos-jobs',
      // Cron ticks come from croner in PolledQueue: pg-boss's timekeeper sends at most one job a minute per schedule.
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 120,
    };
  }

  private ensureBoss(): Promise<PgBoss> {
    if (!this.boss) {
      const boss = new PgBoss(this.bossConfig);
      boss.on('error', (err) => this.onError(err));
      const started = boss.start();
      this.boss = started;
      started.catch(() => {
        if (this.boss === started) this.boss = null;
      });
    }
    return this.boss;
  }

  /** pg-boss 10 needs a queue (its own partition) before a job of that name can be sent. */
  private ensureQueue(boss: PgBoss, name: string): Promise<void> {
    let ready = this.queues.get(name);
    if (!ready) {
      // Two nodes creating one queue at once deadlock inside pg-boss (its partition's foreign key locks
      // the queue table the other is inserting into), so creation is serialised by an advisory lock.
      ready = tx(this.db, async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`${this.bossSchema}.create_queue`}))`.execute(trx);
        if (!(await boss.getQueue(name))) await boss.createQueue(name);
      });
      ready.catch(() => this.queues.delete(name));
      this.queues.set(name, ready);
    }
    return ready;
  }

  protected async open(): Promise<void> {
    await this.ensureBoss();
  }

  protected async close(): Promise<void> {
    const pending = this.boss;
    this.boss = null;
    this.queues.clear();
    const boss = await pending?.catch(() => null);
    await boss?.stop({ graceful: false });
  }

  protected async insert(name: string, payload: unknown, opts: InsertOptions): Promise<string> {
    const boss = await this.ensureBoss();
    await this.ensureQueue(boss, name);
    const delaySeconds = Math.ceil(opts.backoffMs / 1000);
    return tx(this.db, async (trx) => {
      // The unique idempotency key on the mirror row makes a second enqueue wait for the first and return its id.
      const row = await insertJobRow(trx, newJobRow(randomUUID(), name, payload, opts, this.clock.now()));
      if (!row.inserted) return row.id;
      const sent = await boss.send(name, { payload } satisfies BossData, {
        id: row.id,
        startAfter: opts.runAt ?? undefined,
        retryLimit: opts.maxAttempts - 1,
        retryDelay: delaySeconds,
        retryBackoff: delaySeconds > 0,
        expireInSeconds: Math.max(1, Math.ceil(opts.leaseMs / 1000)),
        db: on(trx),
      });
      if (sent !== row.id) throw new Error(`pg-boss refused job ${row.id}`);
      return row.id;
    });
  }

  /** Returns timed-out active jobs to retry; every worker does it, at most every half lease. */
  private async sweepExpired(boss: PgBoss, leaseMs: number): Promise<void> {
    const now = Date.now();
    if (now - this.lastExpire < Math.min(30_000, Math.max(1000, leaseMs / 2))) return;
    this.lastExpire = now;
    await boss.expire();
  }

  protected async claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const boss = await this.ensureBoss();
    await this.ensureQueue(boss, name);
    await this.sweepExpired(boss, leaseMs);
    const jobs = await boss.fetch<BossData>(name, { batchSize: limit, includeMetadata: true });
    const out: ClaimedJob[] = [];
    for (const j of jobs) {
      const job: ClaimedJob = {
        id: j.id,
        name,
        payload: j.data?.payload ?? null,
        attempt: j.retryCount + 1,
        maxAttempts: j.retryLimit + 1,
        backoffMs: j.retryDelay * 1000,
      };
      await this.renew(job, leaseMs);
      const now = this.clock.now();
      await this.db.k
        .updateTable('jobs')
        .set({
          status: 'running',
          attempts: job.attempt,
          locked_by: this.workerId,
          lease_until: iso(addMs(now, leaseMs)),
          updated_at: iso(now),
        })
        .where('id', '=', job.id)
        .execute();
      out.push(job);
    }
    return out;
  }

  /** pg-boss has no heartbeat: a lease is renewed by stretching expire_in from the job's start. */
  protected async renew(job: ClaimedJob, leaseMs: number): Promise<void> {
    await sql`update ${sql.id(this.bossSchema, 'job')}
      set expire_in = (now() - started_on) + cast(${leaseMs} as integer) * interval '1 millisecond'
      where name = ${job.name} and id = ${job.id}::uuid and state = 'active'`.execute(this.db.k);
  }

  protected async saveProgress(job: ClaimedJob, progress: JobProgress): Promise<void> {
    await this.db.k
      .updateTable('jobs')
      .set({ progress: JSON.stringify(progress), updated_at: iso(this.clock.now()) })
      .where('id', '=', job.id)
      .execute();
  }

  protected async complete(job: ClaimedJob, result: unknown): Promise<void> {
    const boss = await this.ensureBoss();
    const at = iso(this.clock.now());
    await tx(this.db, async (trx) => {
      await boss.complete(job.name, job.id, {}, { db: on(trx) });
      await trx
        .updateTable('jobs')
        .set({
          status: 'completed',
          result: result === undefined ? null : JSON.stringify(result),
          error: null,
          lease_until: null,
          finished_at: at,
          updated_at: at,
        })
        .where('id', '=', job.id)
        .execute();
    });
  }

  protected async fail(job: ClaimedJob, message: string): Promise<void> {
    const boss = await this.ensureBoss();
    const last = job.attempt >= job.maxAttempts;
    const at = iso(this.clock.now());
    await tx(this.db, async (trx) => {
      await boss.fail(job.name, job.id, { message }, { db: on(trx) });
      await trx
        .updateTable('jobs')
        .set({
          status: last ? 'failed' : 'queued',
          error: message,
          lease_until: null,
          finished_at: last ? at : null,
          updated_at: at,
        })
        .where('id', '=', job.id)
        .execute();
    });
  }

  /** The mirror row, with pg-boss's live state on top while pg-boss still holds the job. */
  async get(id: string): Promise<JobInfo | null> {
    const row = await this.db.k.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const info = rowToInfo(row);
    if (!UUID.test(id)) return info;
    const boss = await this.ensureBoss();
    const j = await boss.getJobById<BossData>(row.name, id, { includeArchive: true });
    if (!j) return info;
    const status = statusOf(j.state);
    return {
      ...info,
      status,
      attempts: j.startedOn ? j.retryCount + 1 : 0,
      runAt: iso(new Date(j.startAfter)),
      finishedAt: j.completedOn ? iso(new Date(j.completedOn)) : info.finishedAt,
      error: info.error ?? (status === 'failed' ? bossMessage(j.output) : null),
    };
  }
}

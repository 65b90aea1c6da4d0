import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import type { Db } from '../db/db.js';
import { scrubString } from '../lib/redact.js';
import { addMs, iso, systemClock, type Clock } from '../lib/clock.js';
import type { NewJobOptions } from './tables.js';
import type {
  EnqueueOptions,
  HandlerOptions,
  JobContext,
  JobHandler,
  JobInfo,
  ScheduleOptions,
  JobProgress,
  JobQueue,
} from './types.js';

export interface QueueOptions {
  db: Db;
  /** How often start() looks for due jobs and cron ticks (default 250 ms). */
  pollMs?: number;
  workerId?: string;
  clock?: Clock;
  /** Errors no caller can receive (poll loop, lease renewal, a lost completion write). */
  onError?: (err: unknown) => void;
}

/** A job this worker has taken and must finish. */
export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
}

export type InsertOptions = NewJobOptions & { leaseMs: number };

const DEFAULT_LEASE_MS = 60_000;
const MAX_TEXT = 500;

/** Stored error text: the message only (no stack), bounded. Handlers keep personal data out of messages. */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_TEXT);
}

function defaultOnError(err: unknown): void {
  console.error(`[jobs] ${scrubString(errorText(err))}`);
}

interface Registered {
  handler: JobHandler<unknown>;
  concurrency: number;
  leaseMs: number;
  active: number;
}

interface Scheduled {
  cron: Cron;
  payload: unknown;
  when: ScheduleOptions['when'];
  next: Date | null;
}

/**
 * The worker half both runners share: handlers, concurrency, lease renewal, cron ticks, the poll
 * loop, drain and stop. A subclass supplies where jobs live (a table, or pg-boss).
 */
export abstract class PolledQueue implements JobQueue {
  protected readonly db: Db;
  protected readonly clock: Clock;
  protected readonly workerId: string;
  protected readonly onError: (err: unknown) => void;
  private readonly pollMs: number;
  private readonly handlers = new Map<string, Registered>();
  private readonly schedules = new Map<string, Scheduled>();
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private pumpChain: Promise<unknown> = Promise.resolve();

  constructor(opts: QueueOptions, defaultPollMs: number) {
    this.db = opts.db;
    this.clock = opts.clock ?? systemClock;
    this.pollMs = opts.pollMs ?? defaultPollMs;
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.onError = opts.onError ?? defaultOnError;
  }

  protected abstract open(): Promise<void>;
  protected abstract close(): Promise<void>;
  protected abstract insert(name: string, payload: unknown, opts: InsertOptions): Promise<string>;
  /** Takes up to `limit` due jobs of one name for this worker, leased for `leaseMs`. */
  protected abstract claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  protected abstract renew(job: ClaimedJob, leaseMs: number): Promise<void>;
  protected abstract saveProgress(job: ClaimedJob, progress: JobProgress): Promise<void>;
  protected abstract complete(job: ClaimedJob, result: unknown): Promise<void>;
  protected abstract fail(job: ClaimedJob, message: string): Promise<void>;
  abstract get(id: string): Promise<JobInfo | null>;
  /**
   * Which of these job names have a job to take now, in one look; null when the runner cannot tell
   * cheaply, and every name is claimed in turn. Polling claimed each name with its own queries,
   * which kept an idle server at a few per cent of a CPU.
   */
  protected async dueNames(_names: string[]): Promise<Set<string> | null> {
    return null;
  }

  register<P>(name: string, handler: JobHandler<P>, opts: HandlerOptions = {}): void {
    this.handlers.set(name, {
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, opts.concurrency ?? 1),
      leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
      active: this.handlers.get(name)?.active ?? 0,
    });
  }

  async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    const id = await this.insert(name, payload, {
      ...opts,
      maxAttempts: Math.max(1, opts.maxAttempts ?? 5),
      backoffMs: Math.max(0, opts.backoffMs ?? 1000),
      leaseMs: this.handlers.get(name)?.leaseMs ?? DEFAULT_LEASE_MS,
    });
    if (this.started && this.handlers.has(name)) this.wake?.();
    return id;
  }

  async schedule(name: string, cron: string, payload: unknown = null, opts: ScheduleOptions = {}): Promise<void> {
    const c = new Cron(cron, { timezone: 'UTC', paused: true });
    this.schedules.set(name, { cron: c, payload, when: opts.when, next: c.nextRun(this.clock.now()) });
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.open();
    this.started = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.wake?.();
    await this.loopDone;
    await this.pumpChain;
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.close();
  }

  async drain(): Promise<void> {
    await this.open();
    for (;;) {
      const claimed = await this.pump();
      if (this.running.size > 0) await Promise.all([...this.running]);
      else if (claimed === 0) return;
    }
  }

  private async loop(): Promise<void> {
    while (this.started) {
      try {
        await this.fireSchedules();
        await this.pump();
      } catch (err) {
        this.onError(err);
      }
      if (!this.started) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.wake?.(), this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** A tick's key is the same on every node, so the tick runs once however many nodes saw it. */
  private async fireSchedules(): Promise<void> {
    const now = this.clock.now();
    for (const [name, s] of this.schedules) {
      if (!s.next || s.next > now) continue;
      // The latest tick at or before now: ticks missed while stopped collapse into one.
      const tick = s.cron.previousRuns(1, addMs(now, 1))[0] ?? s.next;
      // Advanced only once enqueued (or skipped by its guard), so a failed write is tried again on the next poll.
      if (await this.wanted(s)) await this.enqueue(name, s.payload, { idempotencyKey: `${name}@${iso(tick)}` });
      s.next = s.cron.nextRun(tick);
    }
  }

  private async wanted(s: Scheduled): Promise<boolean> {
    if (!s.when) return true;
    try {
      return await s.when();
    } catch (err) {
      this.onError(err);
      return true;
    }
  }

  /** One claim round at a time, so two rounds never both fill the same free slot. */
  private pump(): Promise<number> {
    const next = this.pumpChain.then(() => this.pumpOnce());
    this.pumpChain = next.catch(() => undefined);
    return next;
  }

  private async pumpOnce(): Promise<number> {
    let claimed = 0;
    const open = [...this.handlers].filter(([, reg]) => reg.concurrency > reg.active).map(([name]) => name);
    if (open.length === 0) return 0;
    const due = await this.dueNames(open);
    for (const [name, reg] of this.handlers) {
      const free = reg.concurrency - reg.active;
      if (free <= 0 || (due && !due.has(name))) continue;
      const jobs = await this.claim(name, free, reg.leaseMs);
      for (const job of jobs) this.launch(job, reg);
      claimed += jobs.length;
    }
    return claimed;
  }

  private launch(job: ClaimedJob, reg: Registered): void {
    reg.active++;
    const run: Promise<void> = this.execute(job, reg).finally(() => {
      reg.active--;
      this.running.delete(run);
      if (this.started) this.wake?.();
    });
    this.running.add(run);
  }

  private async execute(job: ClaimedJob, reg: Registered): Promise<void> {
    const renewal = setInterval(
      () => {
        this.renew(job, reg.leaseMs).catch((err: unknown) => this.onError(err));
      },
      Math.max(50, Math.floor(reg.leaseMs / 3)),
    );
    // A renewal timer alone must not keep a process alive.
    renewal.unref();
    const ctx: JobContext = {
      id: job.id,
      name: job.name,
      attempt: job.attempt,
      progress: (done, total = null, message = null) =>
        this.saveProgress(job, { done, total, message: message == null ? null : message.slice(0, MAX_TEXT) }),
    };
    let outcome: { ok: true; result: unknown } | { ok: false; message: string };
    try {
      outcome = { ok: true, result: await reg.handler(job.payload, ctx) };
    } catch (err) {
      outcome = { ok: false, message: errorText(err) };
    } finally {
      clearInterval(renewal);
    }
    try {
      if (outcome.ok) await this.complete(job, outcome.result);
      else await this.fail(job, outcome.message);
    } catch (err) {
      this.onError(err);
    }
  }
}

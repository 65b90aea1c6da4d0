import type { Db } from '../db/db.js';
import type { Clock } from '../lib/clock.js';
import { PgBossQueue } from './pgboss-queue.js';
import { TableQueue } from './table-queue.js';
import type { JobQueue } from './types.js';

export type * from './types.js';

export interface CreateQueueOptions {
  /** Force the table runner on PostgreSQL (tests, single-node installs); pg-boss is the default there. */
  runner?: 'table' | 'pgboss';
  /** How often a started queue looks for due jobs and cron ticks (table 250 ms, pg-boss 500 ms). */
  pollMs?: number;
  workerId?: string;
  clock?: Clock;
  /** Errors no caller can receive (poll loop, lease renewal); default prints the message only. */
  onError?: (err: unknown) => void;
}

/** pg-boss on PostgreSQL so app nodes share one queue; the durable table runner on SQLite. */
export function createQueue(db: Db, opts: CreateQueueOptions = {}): JobQueue {
  const { runner, ...rest } = opts;
  if (runner === 'pgboss' && db.dialect !== 'postgres') throw new Error('the pg-boss runner needs PostgreSQL');
  if (db.dialect === 'postgres' && runner !== 'table') return new PgBossQueue({ db, ...rest });
  return new TableQueue({ db, ...rest });
}

import type { Config } from './config.js';
import type { Db } from './db/db.js';
import type { JobQueue } from './jobs/types.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';

/** What every service receives: the deployment's parts, built once at start. */
export interface AppContext {
  config: Config;
  db: Db;
  queue: JobQueue;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  /** Key for signing links and encrypting secrets at rest (from APP_SECRET or generated once). */
  secret: string;
}

import type { DialectMigration } from '../migrate.js';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_jobs.js';

/** Every migration, in order. Names sort; add new ones at the end. */
export const migrations: Record<string, DialectMigration> = {
  '0001_core': m0001,
  '0002_jobs': m0002,
};

import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';
import type { DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';

export interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations run against the schema before it exists
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return Promise.resolve(out);
  }
}

export interface MigrateResult {
  applied: string[];
}

/**
 * Schema changes on PostgreSQL run under one advisory lock: app nodes starting together migrate
 * one after another, and Kysely's look at the catalogue never races a schema being dropped.
 */
export const SCHEMA_LOCK = 727002;

async function run(k: Kysely<any>, db: Db): Promise<MigrateResult> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the migrator works on the untyped handle
  // Name the schema on PostgreSQL: Kysely otherwise takes a migration table in any schema for ours.
  const migrator = new Migrator({
    db: k,
    provider: new StaticProvider(db.dialect),
    ...(db.pg ? { migrationTableSchema: db.pg.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed');
  const failed = results?.find((r) => r.status === 'Error');
  if (failed) throw new Error(`migration ${failed.migrationName} failed`);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * Runs `fn` on one connection holding the schema lock on PostgreSQL (directly on SQLite). Anything
 * that drops tables or schemas while other migrations may be reading the catalogue goes through it.
 */
export async function withSchemaLock<T>(db: Db, fn: (k: Kysely<any>) => Promise<T>): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- DDL runs on the untyped handle
  if (db.dialect !== 'postgres') return fn(db.k);
  return db.k.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${SCHEMA_LOCK})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${SCHEMA_LOCK})`.execute(conn);
    }
  });
}

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  return withSchemaLock(db, (k) => run(k, db));
}

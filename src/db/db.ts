import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import type { Database } from './types.js';

export interface Db {
  k: Kysely<Database>;
  dialect: DialectName;
  /** Absolute path of the SQLite file (embedded mode only). */
  sqlitePath?: string;
  /** Connection string and schema on PostgreSQL; pg-boss connects with the same. */
  pg?: { url: string; schema: string };
  close(): Promise<void>;
}

export interface DbOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  pgSchema?: string | undefined;
  /** SQLite file name under dataDir. */
  sqliteFile?: string;
}

/** pg type parsers so PostgreSQL rows read back like SQLite rows (see dialect.ts). */
function pgTypes(): pg.CustomTypesConfig {
  const parsers: Record<number, (v: string) => unknown> = {
    20: (v) => Number(v), // int8: counts and minor-unit amounts stay below 2^53
    1700: (v) => Number(v), // numeric
    1184: (v) => new Date(v).toISOString(), // timestamptz
    1114: (v) => new Date(`${v}Z`).toISOString(), // timestamp
    1082: (v) => v, // date
    3802: (v) => v, // jsonb: the repo parses
    114: (v) => v, // json
  };
  return {
    getTypeParser: ((oid: number, format?: string) =>
      parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew; caching the prepared statements by their
 * SQL text (a bounded LRU) saves that work on every repeated query.
 */
function withStatementCache(conn: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = conn.prepare.bind(conn);
  const cached = (source: string): SQLite.Statement => {
    const hit = cache.get(source);
    if (hit) {
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const stmt = prepare(source);
    cache.set(source, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return cached;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export function openSqlite(path: string): SQLite.Database {
  const conn = new SQLite(path);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed in the file, so an erased person's data does not linger in free space.
  conn.pragma('secure_delete = ON');
  return conn;
}

export async function createDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const schema = opts.pgSchema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      types: pgTypes(),
      options: `-c search_path=${schema}`,
    });
    const k = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(k);
    return {
      k,
      dialect: 'postgres',
      pg: { url: opts.databaseUrl, schema },
      close: () => k.destroy(),
    };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const sqlitePath = join(opts.dataDir, opts.sqliteFile ?? 'kodepos.db');
  const k = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(openSqlite(sqlitePath)) }),
  });
  return { k, dialect: 'sqlite', sqlitePath, close: () => k.destroy() };
}

/** Runs fn in one transaction (invariant 6: multi-row changes are all or nothing). */
export function tx<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.k.transaction().execute(fn);
}

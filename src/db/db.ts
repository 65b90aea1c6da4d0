import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
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

/** Ends the SQL text of a statement that `eachRow` runs once per parameter set. */
const EACH_ROW = ' -- each row';

/**
 * One write statement run once per parameter set, in a single call to the database (SQLite only):
 * bulk inserts of one row per statement (see crm/bulk-sql.ts) pay Kysely's per-query work once
 * per batch instead of once per row, and run in the caller's transaction like any other query.
 */
export function eachRow(text: string, rows: unknown[][]): CompiledQuery {
  return CompiledQuery.raw(`${text}${EACH_ROW}`, [rows]);
}

/** The statement behind `eachRow`: takes its parameter sets as its one parameter. */
function eachRowStatement(stmt: SQLite.Statement): SQLite.Statement {
  const run = (params: unknown[]): SQLite.RunResult => {
    let changes = 0;
    let lastInsertRowid: number | bigint = 0;
    for (const row of params[0] as unknown[][]) {
      const r = stmt.run(row);
      changes += r.changes;
      lastInsertRowid = r.lastInsertRowid;
    }
    return { changes, lastInsertRowid };
  };
  return { reader: false, run } as unknown as SQLite.Statement;
}

/**
 * Kysely's SQLite driver prepares every statement anew; caching the prepared statements by their
 * SQL text (a bounded LRU) saves that work on every repeated query.
 */
function withStatementCache(conn: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement =>
    source.endsWith(EACH_ROW) ? eachRowStatement(conn.prepare(source.slice(0, -EACH_ROW.length))) : conn.prepare(source);
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
  // A 32 MiB page cache (SQLite's default is 2 MiB), taken as pages are used. A transaction that
  // dirties pages all over the contact indexes (an import batch) otherwise writes them to the WAL
  // and reads them back before the commit writes them again (100k rows into 300k contacts read
  // 5.2 GB through system calls with 32 MiB, 4.1 GB with 64 MiB). It is bounded by the import's
  // memory target, peak RSS < 512 MB: that process holds ~170 MB of code before the first row, its
  // heap moves by ±40 MB between runs, and 64 MB already gave peaks of 503 MB.
  conn.pragma('cache_size = -32768');
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
  const conn = withStatementCache(openSqlite(sqlitePath));
  const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  sqliteConnections.set(k, conn);
  return { k, dialect: 'sqlite', sqlitePath, close: () => k.destroy() };
}

/** The SQLite connection behind each root handle of createDb, for `readNow`. */
const sqliteConnections = new WeakMap<Kysely<Database>, SQLite.Database>();

/**
 * The rows of a read statement, run at once on the SQLite connection behind `k`, or undefined when
 * it has to go through Kysely like any other query: on PostgreSQL, on a transaction's handle, and
 * while a transaction is open on the connection (a read from outside must not see its uncommitted
 * rows, so it waits its turn). Kysely's queue for the one connection, its promises and its driver
 * cost more than the statement itself on the hot lookups (the session of every request); a
 * synchronous read with no transaction open sees what Kysely's would see, committed rows only.
 */
export function readNow<R>(k: Kysely<Database>, text: string, params: readonly unknown[]): R[] | undefined {
  const conn = sqliteConnections.get(k);
  if (!conn || conn.inTransaction) return undefined;
  const stmt = conn.prepare(text);
  // A write goes through Kysely, in its turn.
  return stmt.reader ? (stmt.all(params) as R[]) : undefined;
}

/** Runs fn in one transaction (invariant 6: multi-row changes are all or nothing). */
export function tx<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.k.transaction().execute(fn);
}

/**
 * A transaction, all or nothing like `tx`, whose commit does not wait for the disk: a power failure
 * (not a crash of the process) in the next moments may lose it, never half of it, and the next
 * ordinary commit makes it durable. Only for writes whose loss is already accepted, such as the
 * buffered analytics events, which would otherwise stall the server on a disk flush every second.
 * SQLite: `synchronous = NORMAL` for this commit on the one connection (WAL frames are written, the
 * sync is left to the next FULL commit or checkpoint), then back to FULL before anything else runs
 * on it. PostgreSQL: `synchronous_commit = off` for this transaction.
 */
export function relaxedTx<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') {
    return db.k.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return fn(trx);
    });
  }
  return db.k.connection().execute(async (conn) => {
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(fn);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}

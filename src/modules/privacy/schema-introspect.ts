import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/db.js';
import type { Database } from '../../db/types.js';

/** Tables SQLite's FTS5 creates beside a virtual table `<name>` to hold its index. */
const FTS5_SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'];

/** Names of the shadow tables of every FTS5 virtual table among `sqlite_master` rows. */
export function fts5ShadowTables(tables: readonly { name: string; sql: string | null }[]): Set<string> {
  const shadows = new Set<string>();
  for (const t of tables) {
    if (t.sql && /^\s*create\s+virtual\s+table\b[\s\S]*\busing\s+fts5\b/i.test(t.sql)) {
      for (const suffix of FTS5_SHADOW_SUFFIXES) shadows.add(`${t.name}${suffix}`);
    }
  }
  return shadows;
}

async function sqliteColumns(k: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(k);
  const shadows = fts5ShadowTables(tables);
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    if (shadows.has(t.name)) continue;
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${t.name}) order by cid`.execute(k);
    out[t.name] = rows.map((r) => r.name);
  }
  return out;
}

async function postgresColumns(k: Kysely<Database>): Promise<Record<string, string[]>> {
  // Base tables of the schema on the search path only: pg-boss lives in a schema of its own.
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(k);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table_name] ??= []).push(r.column_name);
  return out;
}

/** Every table of the live database with its columns in order: `{ users: ['id', 'email', …] }`. */
export function liveColumns(db: Pick<Db, 'k' | 'dialect'>): Promise<Record<string, string[]>> {
  return db.dialect === 'postgres' ? postgresColumns(db.k) : sqliteColumns(db.k);
}

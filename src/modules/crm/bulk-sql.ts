import { CompiledQuery, type Kysely } from 'kysely';
import { eachRow } from '../../db/db.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { eventRow, type TimelineEvent } from './timeline.js';

/**
 * Shapes of bulk statements. The SQLite connection caches prepared statements by their SQL text
 * (src/db/db.ts), and a multi-row insert or an `in (…)` list has a different text for every row
 * count: import batches of varying sizes filled the cache with large one-off statements (hundreds
 * of MB at 1M rows). These helpers keep the number of distinct texts small.
 */

/** Chunks of `max`, then the remainder in descending powers of two: at most log2(max) + 1 shapes. */
export function shapedChunks<T>(xs: T[], max: number): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (; i + max <= xs.length; i += max) out.push(xs.slice(i, i + max));
  for (let size = 1 << Math.floor(Math.log2(max)); size >= 1 && i < xs.length; size >>= 1) {
    if (xs.length - i >= size) {
      out.push(xs.slice(i, i + size));
      i += size;
    }
  }
  return out;
}

/**
 * Values for `in (…)` lists: lists of `max`, the last one padded (with its own first value, which
 * changes no result) to the next power of two, so there are at most log2(max) + 2 lengths.
 */
export function paddedLists<T>(xs: T[], max: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += max) {
    const list = xs.slice(i, i + max);
    const size = Math.min(max, 2 ** Math.ceil(Math.log2(list.length)));
    const first = list[0] as T;
    while (list.length < size) list.push(first);
    out.push(list);
  }
  return out;
}

/** Timeline events per insert statement of `insertEvents`: 9 parameters each. */
export const EVENT_CHUNK = 256;

/** Insert texts by dialect, table, columns and row count: built once, then only parameters change. */
const insertTexts = new Map<string, string>();

/**
 * Rows that all have the same columns, inserted in multi-row statements of at most `perStatement`
 * rows on PostgreSQL and `sqlitePerStatement` (by default one, see below) on SQLite, shaped as
 * above, handed to the driver as compiled SQL: Kysely's insert builder parses and
 * visits every value of every row on each call (about 4 % of an import's time at 200 rows of 29
 * columns a statement), while the text of a shape never changes. Values go as parameters, as
 * Kysely would send them; column names come from the code, never from input.
 */
export async function insertRows<T extends object>(k: Kysely<Database>, dialect: DialectName, table: string, rows: T[], perStatement: number, sqlitePerStatement = 1): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first) as (keyof T & string)[];
  const textOf = (count: number): string => {
    const key = `${dialect}|${table}|${cols.join(',')}|${count}`;
    let text = insertTexts.get(key);
    if (!text) {
      let n = 0;
      const tuple = () => `(${cols.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
      text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: count }, tuple).join(', ')}`;
      insertTexts.set(key, text);
    }
    return text;
  };
  if (dialect === 'sqlite' && sqlitePerStatement === 1) {
    // One row a statement on SQLite: the statement is prepared once and there is no round trip to
    // save, while a statement that writes several rows into a table with constraints makes SQLite
    // keep a statement journal (a copy of every page it changes, so a failing row can undo the rows
    // before it): for contacts, whose indexes take rows in random places, 200 rows a statement cost
    // a third more time than one. Tables written at their end (timeline events) gain from several.
    // All the rows go to the driver in one call (eachRow), not one query each.
    await k.executeQuery(eachRow(textOf(1), rows.map((row) => cols.map((c) => row[c] ?? null))));
    return;
  }
  for (const chunk of shapedChunks(rows, dialect === 'sqlite' ? sqlitePerStatement : perStatement)) {
    const params: unknown[] = [];
    for (const row of chunk) for (const c of cols) params.push(row[c] ?? null);
    await k.executeQuery(CompiledQuery.raw(textOf(chunk.length), params));
  }
}

/**
 * Many timeline events (bulk writes such as imports) as `recordEvent` (timeline.ts) stores each,
 * through `insertRows`: the same rows, without Kysely building and compiling each statement.
 */
export async function insertEvents(k: Kysely<Database>, dialect: DialectName, events: TimelineEvent[]): Promise<void> {
  const rows = events.map(eventRow);
  await insertRows(k, dialect, 'timeline_events', rows, EVENT_CHUNK, EVENT_CHUNK);
}

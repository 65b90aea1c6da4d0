/**
 * The data map (DESIGN invariant 1): every column of every table, classified.
 *
 * To classify new tables: write `./datamap/<area>.ts` exporting
 * `export const <area>Tables = defineTables({ <table>: { ... } })` (copy a table from
 * ./datamap/core.ts; the vocabulary is in ./datamap/types.ts), then add the one line
 * `export { <area>Tables } from './<area>.js';` to ./datamap/parts.ts. Nothing else changes:
 * `npx vitest run src/modules/privacy` lists every live table.column still unclassified.
 */
import type { DialectName } from '../../db/dialect.js';
import * as parts from './datamap/parts.js';
import type { ColumnEntry, PersonalColumn, TableEntry } from './datamap/types.js';

export type * from './datamap/types.js';

function merge(maps: readonly Record<string, TableEntry>[]): Readonly<Record<string, TableEntry>> {
  const out: Record<string, TableEntry> = {};
  for (const map of maps) {
    for (const [name, entry] of Object.entries(map)) {
      if (out[name]) throw new Error(`data map: table ${name} is classified twice`);
      out[name] = entry;
    }
  }
  return Object.freeze(out);
}

/** Every table, by name. */
export const DATAMAP: Readonly<Record<string, TableEntry>> = merge(Object.values(parts));

export function tableEntry(name: string): TableEntry | undefined {
  return Object.hasOwn(DATAMAP, name) ? DATAMAP[name] : undefined;
}

export type LocatedColumn<C extends ColumnEntry = ColumnEntry> = C & { table: string; column: string };

/** The columns of a table, in declaration order. */
export function columnsOf(table: string): LocatedColumn[] {
  const entry = tableEntry(table);
  if (!entry) return [];
  return Object.entries<ColumnEntry>(entry.columns).map(([column, c]) => ({ ...c, table, column }));
}

/** Every personal column of every table. */
export function personalColumns(): LocatedColumn<PersonalColumn>[] {
  return Object.keys(DATAMAP)
    .flatMap((t) => columnsOf(t))
    .filter((c): c is LocatedColumn<PersonalColumn> => c.personal);
}

const absentOn = (x: { dialect?: DialectName }, dialect: DialectName | undefined): boolean =>
  dialect !== undefined && x.dialect !== undefined && x.dialect !== dialect;

type WithoutDialect<T> = T extends unknown ? Omit<T, 'dialect'> : never;
export type ColumnView = WithoutDialect<ColumnEntry> & { name: string };

export interface TableView extends Omit<TableEntry, 'columns' | 'dialect'> {
  name: string;
  columns: ColumnView[];
}

/** The map as a list (tables by name, columns in order), limited to what exists on `dialect` when given. */
export function datamapTables(dialect?: DialectName): TableView[] {
  return Object.entries(DATAMAP)
    .filter(([, e]) => !absentOn(e, dialect))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, { columns, dialect: _only, ...rest }]) => ({
      name,
      ...rest,
      columns: Object.entries<ColumnEntry>(columns)
        .filter(([, c]) => !absentOn(c, dialect))
        .map(([column, { dialect: _d, ...c }]) => ({ name: column, ...c })),
    }));
}

export interface Unclassified {
  /** Live tables with no entry. */
  missingTables: string[];
  /** Live `table.column`s with no classification (including every column of a missing table). */
  missingColumns: string[];
  /** Entries for tables the database does not have. */
  staleTables: string[];
  /** Entries for `table.column`s the database does not have. */
  staleColumns: string[];
}

/**
 * Compares the map with a live schema (see schema-introspect.ts). With `dialect`, entries marked
 * for the other database are not reported as stale.
 */
export function unclassified(liveColumns: Record<string, string[]>, dialect?: DialectName): Unclassified {
  const out: Unclassified = { missingTables: [], missingColumns: [], staleTables: [], staleColumns: [] };
  for (const [table, cols] of Object.entries(liveColumns)) {
    const entry = tableEntry(table);
    if (!entry) out.missingTables.push(table);
    const known: Record<string, ColumnEntry> = entry?.columns ?? {};
    for (const c of cols) if (!Object.hasOwn(known, c)) out.missingColumns.push(`${table}.${c}`);
  }
  for (const [table, entry] of Object.entries(DATAMAP)) {
    if (absentOn(entry, dialect)) continue;
    const live = Object.hasOwn(liveColumns, table) ? liveColumns[table] : undefined;
    if (!live) {
      out.staleTables.push(table);
      continue;
    }
    for (const [c, col] of Object.entries<ColumnEntry>(entry.columns)) {
      if (!live.includes(c) && !absentOn(col, dialect)) out.staleColumns.push(`${table}.${c}`);
    }
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** A report a person can act on, or null when the map and the schema agree. */
export function describeUnclassified(u: Unclassified): string | null {
  const lines: string[] = [];
  if (u.missingColumns.length > 0) {
    lines.push('Unclassified columns (add them to a file under src/modules/privacy/datamap/):', ...u.missingColumns.map((c) => `  ${c}`));
  }
  if (u.missingTables.length > 0) lines.push(`Tables with no entry at all: ${u.missingTables.join(', ')}`);
  if (u.staleTables.length > 0) lines.push(`Entries for tables that do not exist: ${u.staleTables.join(', ')}`);
  if (u.staleColumns.length > 0) lines.push(`Entries for columns that do not exist: ${u.staleColumns.join(', ')}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

import { sql, type Expression, type SqlBool, type RawBuilder } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import { badRequest } from '../../http/errors.js';

/**
 * Filters, sorting and cursor pagination shared by every CRM list (contacts, companies, deals).
 * A list names its fields once (API name → column and type); custom fields are reached as
 * `custom.<key>` and read from the JSON column on either database.
 */
export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'tags';

export interface FieldDef {
  column: string;
  type: FieldType;
}

export type FieldMap = Record<string, FieldDef>;

export const OPS = ['eq', 'neq', 'contains', 'starts_with', 'gt', 'gte', 'lt', 'lte', 'in', 'is_empty', 'is_not_empty'] as const;
export type Op = (typeof OPS)[number];

export interface Filter {
  field: string;
  op: Op;
  value?: unknown;
}

export interface Sort {
  field: string;
  dir: 'asc' | 'desc';
}

export interface CustomFieldTypeLookup {
  (key: string): FieldType | undefined;
}

interface Resolved {
  expr: RawBuilder<unknown>;
  type: FieldType;
}

function resolveField(dialect: DialectName, table: string, fields: FieldMap, name: string, custom: CustomFieldTypeLookup): Resolved {
  const known = fields[name];
  if (known) return { expr: sql.ref(`${table}.${known.column}`), type: known.type };
  if (name.startsWith('custom.')) {
    const key = name.slice(7);
    const type = custom(key);
    if (!type || !/^[a-z][a-z0-9_]{0,62}$/.test(key)) throw badRequest('validation_failed', 'Unknown custom field in filter or sort', [{ field: 'querystring', message: 'unknown custom field' }]);
    const col = sql.ref(`${table}.custom_fields`);
    if (dialect === 'postgres') {
      const text = sql`(${col}::jsonb ->> ${sql.lit(key)})`;
      return { expr: type === 'number' ? sql`(${text})::numeric` : text, type };
    }
    return { expr: sql`json_extract(${col}, ${sql.lit(`$.${key}`)})`, type };
  }
  throw badRequest('validation_failed', 'Unknown field in filter or sort', [{ field: 'querystring', message: 'unknown field' }]);
}

function coerce(type: FieldType, v: unknown): string | number {
  if (type === 'number') {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw badRequest('validation_failed', 'A filter value needs a number', [{ field: 'querystring.filter', message: 'must be a number' }]);
    return n;
  }
  if (type === 'boolean') {
    if (v === true || v === 'true' || v === 1 || v === '1') return 1;
    if (v === false || v === 'false' || v === 0 || v === '0') return 0;
    throw badRequest('validation_failed', 'A filter value needs true or false', [{ field: 'querystring.filter', message: 'must be a boolean' }]);
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw badRequest('validation_failed', 'A filter value is missing', [{ field: 'querystring.filter', message: 'must be a string' }]);
  return String(v).slice(0, 500);
}

function like(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One filter as a boolean SQL expression. */
export function filterExpr(dialect: DialectName, table: string, fields: FieldMap, f: Filter, custom: CustomFieldTypeLookup): Expression<SqlBool> {
  const { expr, type } = resolveField(dialect, table, fields, f.field, custom);
  // Timestamps compare as timestamps, but text operators see them as text on both databases.
  const lowered = sql`lower(${type === 'date' ? sql`cast(${expr} as text)` : expr})`;
  if (type === 'tags') {
    const tag = coerce('text', f.value);
    const exists =
      dialect === 'postgres'
        ? sql<SqlBool>`(${expr}::jsonb ? ${tag})`
        : sql<SqlBool>`exists (select 1 from json_each(${expr}) where value = ${tag})`;
    if (f.op === 'eq' || f.op === 'contains') return exists;
    if (f.op === 'neq') return sql<SqlBool>`not ${exists}`;
    if (f.op === 'is_empty') return sql<SqlBool>`(${expr} is null or ${expr} = '[]')`;
    if (f.op === 'is_not_empty') return sql<SqlBool>`(${expr} is not null and ${expr} <> '[]')`;
    throw badRequest('validation_failed', `Operator ${f.op} does not apply to tags`, [{ field: 'querystring.filter', message: 'unsupported operator' }]);
  }
  switch (f.op) {
    case 'is_empty':
      return type === 'text' ? sql<SqlBool>`(${expr} is null or ${expr} = '')` : sql<SqlBool>`${expr} is null`;
    case 'is_not_empty':
      return type === 'text' ? sql<SqlBool>`(${expr} is not null and ${expr} <> '')` : sql<SqlBool>`${expr} is not null`;
    case 'in': {
      const list: unknown[] = Array.isArray(f.value) ? f.value : typeof f.value === 'string' ? f.value.split(',') : [f.value];
      if (list.length === 0 || list.length > 100) throw badRequest('validation_failed', 'in takes 1 to 100 values', [{ field: 'querystring.filter', message: '1 to 100 values' }]);
      return sql<SqlBool>`${expr} in (${sql.join(list.map((v) => coerce(type, v)))})`;
    }
    case 'contains':
      return sql<SqlBool>`${lowered} like ${`%${like(String(coerce('text', f.value)).toLowerCase())}%`} escape '\\'`;
    case 'starts_with':
      return sql<SqlBool>`${lowered} like ${`${like(String(coerce('text', f.value)).toLowerCase())}%`} escape '\\'`;
    case 'eq':
    case 'neq': {
      const v = coerce(type, f.value);
      const op = f.op === 'eq' ? sql`=` : sql`<>`;
      return type === 'text' ? sql<SqlBool>`${lowered} ${op} ${String(v).toLowerCase()}` : sql<SqlBool>`${expr} ${op} ${v}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = coerce(type, f.value);
      const op = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` }[f.op];
      return sql<SqlBool>`${expr} ${op} ${v}`;
    }
  }
}

export interface Cursor {
  v: string | number | null;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/**
 * One page of a keyset query that asked for `limit + 1` rows: the rows without their `_sort` column,
 * and the cursor after the last one when there are more. Rows are copied key by key: spreading a
 * row object of the SQLite driver costs several µs a row.
 */
export function keysetPage<R extends { _sort: string | number | null; id: string }>(rows: R[], limit: number): { rows: Omit<R, '_sort'>[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page.map(withoutSort), nextCursor: rows.length > limit && last ? encodeCursor({ v: last._sort, id: last.id }) : null };
}

function withoutSort<R extends { _sort: unknown }>(row: R): Omit<R, '_sort'> {
  const out: Record<string, unknown> = {};
  for (const key in row) if (key !== '_sort') out[key] = row[key];
  return out as Omit<R, '_sort'>;
}

export function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || (c.v !== null && typeof c.v !== 'string' && typeof c.v !== 'number')) throw new Error('shape');
    return c;
  } catch {
    throw badRequest('invalid_cursor', 'The cursor is not valid: start again without it');
  }
}

/**
 * The sort key as an expression with nulls folded, so keyset pagination is total. Text keys are
 * `coalesce(lower(col), '')`, the expression migration 0010 indexes as (workspace_id, key, id) for
 * the common sorts; the id (never null, always lower case) sorts as itself so the (workspace_id, id)
 * index serves the default order.
 */
export function sortExpr(dialect: DialectName, table: string, fields: FieldMap, s: Sort, custom: CustomFieldTypeLookup): { expr: RawBuilder<unknown>; numeric: boolean; byId: boolean } {
  if (fields[s.field]?.column === 'id') return { expr: sql`${sql.ref(`${table}.id`)}`, numeric: false, byId: true };
  const { expr, type } = resolveField(dialect, table, fields, s.field, custom);
  if (type === 'tags') throw badRequest('validation_failed', 'Cannot sort by tags', [{ field: 'querystring.sort', message: 'not sortable' }]);
  const numeric = type === 'number' || type === 'boolean';
  if (numeric) return { expr: sql`coalesce(${expr}, -1e308)`, numeric, byId: false };
  return { expr: type === 'date' ? sql`coalesce(cast(${expr} as text), '')` : sql`coalesce(lower(${expr}), '')`, numeric, byId: false };
}

/**
 * Keyset condition: rows after the cursor in (sort key, id) order. The leading `key >= v` lets both
 * databases seek an index on (workspace_id, key, id) to the cursor; `key > v or (key = v and id > i)`
 * alone (or a row-value comparison on an expression) makes SQLite read the index from its start.
 * Sorting by id compares the id alone.
 */
export function afterCursor(sortKey: RawBuilder<unknown>, idRef: string, dir: 'asc' | 'desc', c: Cursor, byId = false): Expression<SqlBool> {
  const cmp = dir === 'asc' ? sql`>` : sql`<`;
  const id = sql.ref(idRef);
  if (byId) return sql<SqlBool>`${id} ${cmp} ${c.id}`;
  const from = dir === 'asc' ? sql`>=` : sql`<=`;
  return sql<SqlBool>`(${sortKey} ${from} ${c.v} and (${sortKey} ${cmp} ${c.v} or ${id} ${cmp} ${c.id}))`;
}

/** Parses `?filter=` (JSON array of {field, op, value}) and `?sort=field:dir`. */
export function parseListParams(filterParam: string | undefined, sortParam: string | undefined): { filters: Filter[]; sort: Sort | null } {
  let filters: Filter[] = [];
  if (filterParam) {
    let raw: unknown;
    try {
      raw = JSON.parse(filterParam);
    } catch {
      throw badRequest('validation_failed', 'filter must be a JSON array', [{ field: 'querystring.filter', message: 'invalid JSON' }]);
    }
    if (!Array.isArray(raw) || raw.length > 20) throw badRequest('validation_failed', 'filter must be an array of at most 20 conditions', [{ field: 'querystring.filter', message: 'must be an array' }]);
    filters = raw.map((f: unknown, i) => {
      const o = f as Partial<Filter> | null;
      if (!o || typeof o.field !== 'string' || !OPS.includes(o.op as Op)) {
        throw badRequest('validation_failed', `filter[${i}] needs field and a known op`, [{ field: 'querystring.filter', message: `op one of ${OPS.join(', ')}` }]);
      }
      return { field: o.field, op: o.op as Op, value: o.value };
    });
  }
  let sort: Sort | null = null;
  if (sortParam) {
    const [field, dir = 'asc'] = sortParam.split(':');
    if (!field || (dir !== 'asc' && dir !== 'desc')) throw badRequest('validation_failed', 'sort is field:asc or field:desc', [{ field: 'querystring.sort', message: 'field:asc|desc' }]);
    sort = { field, dir };
  }
  return { filters, sort };
}

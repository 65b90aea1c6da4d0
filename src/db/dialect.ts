import type { ColumnDataType } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Column types that read back the same way on both databases: timestamps come back as ISO
 * strings, JSON as a string the repo parses, booleans as 0/1 integers (SQLite cannot bind a
 * JS boolean), money as integer minor units.
 */
export function columnTypes(dialect: DialectName): {
  ts: ColumnDataType;
  json: ColumnDataType;
  bool: ColumnDataType;
  bigint: ColumnDataType;
} {
  const pg = dialect === 'postgres';
  return {
    ts: pg ? 'timestamptz' : 'text',
    json: pg ? 'jsonb' : 'text',
    bool: 'integer',
    bigint: pg ? 'bigint' : 'integer',
  };
}

import { stringify } from 'csv-stringify/sync';

/**
 * CSV that is safe to open in a spreadsheet (OWASP "CSV injection"): a text cell starting with
 * = + - @ TAB or CR would be read as a formula, so it gets a leading single quote and is shown as
 * text. Imports strip that quote again, so our own exports round-trip.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Rows as CSV text (CRLF, RFC 4180 quoting), every cell made formula-safe. */
export function csvText(rows: unknown[][]): string {
  return rows.length ? stringify(rows.map((r) => r.map(safeCell)), { record_delimiter: 'windows' }) : '';
}

/** Prefix for CSV downloads: the UTF-8 byte-order mark lets Excel show names with accents correctly. */
export const CSV_BOM = '\uFEFF';

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { insertRows } from '../crm/bulk-sql.js';
import { docBase, SLOTS } from './doc-rowid.js';

export interface SearchDoc {
  workspaceId: string;
  objectType: string;
  objectId: string;
  title: string;
  body: string;
}

/**
 * Drops a record's document. On SQLite it is looked up by its rowid (see doc-rowid.ts); a document
 * not found there was written before rowids were computed (or is already gone) and is looked for
 * the slow way, by scanning, so an erasure never leaves one behind.
 */
export async function remove(k: Kysely<Database>, dialect: DialectName, objectType: string, objectId: string): Promise<void> {
  if (dialect !== 'sqlite') {
    await sql`delete from search_documents where object_type = ${objectType} and object_id = ${objectId}`.execute(k);
    return;
  }
  const base = docBase(objectType, objectId);
  const r = await sql`delete from search_fts where rowid between ${base} and ${base + BigInt(SLOTS - 1)} and object_type = ${objectType} and object_id = ${objectId}`.execute(k);
  if (!r.numAffectedRows) await sql`delete from search_fts where object_type = ${objectType} and object_id = ${objectId}`.execute(k);
}

export async function upsert(k: Kysely<Database>, dialect: DialectName, d: SearchDoc): Promise<void> {
  await remove(k, dialect, d.objectType, d.objectId);
  await insertMany(k, dialect, [d]);
}

/** Documents per multi-row insert: 6 parameters each. */
const DOCS_PER_INSERT = 256;
/** Documents whose bases lie within about a second of ids share one look-up of the rowids taken. */
const SPAN = 1n << 31n;

/** Each document with the first free rowid of its slots, in rowid order (the order FTS5 writes fastest). */
async function place(k: Kysely<Database>, docs: SearchDoc[]): Promise<{ rowid: bigint; d: SearchDoc }[]> {
  const items = docs.map((d) => ({ d, base: docBase(d.objectType, d.objectId) })).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  const out: { rowid: bigint; d: SearchDoc }[] = [];
  // Rowids given out by this call: a group's look-up cannot see them (nothing is inserted yet), and
  // two documents of one base can fall either side of a group boundary.
  const given = new Set<bigint>();
  for (let i = 0; i < items.length; ) {
    const lo = items[i]!.base;
    let j = i + 1;
    while (j < items.length && j - i < 1000 && items[j]!.base - lo < SPAN) j++;
    const hi = items[j - 1]!.base + BigInt(SLOTS - 1);
    // Offsets from `lo` stay below 2^32, so they come back as exact JS numbers (rowids would not).
    const taken = await sql<{ off: number }>`select rowid - ${lo} as off from search_fts where rowid between ${lo} and ${hi}`.execute(k);
    const used = new Set(taken.rows.map((r) => Number(r.off)));
    for (const it of items.slice(i, j)) {
      const first = Number(it.base - lo);
      let slot = first;
      while ((used.has(slot) || given.has(lo + BigInt(slot))) && slot < first + SLOTS) slot++;
      // Nine documents in one millisecond with the same 18-bit hash: not expected in practice.
      if (slot === first + SLOTS) throw new Error('search index: every slot of a document is taken');
      used.add(slot);
      given.add(lo + BigInt(slot));
      out.push({ rowid: lo + BigInt(slot), d: it.d });
    }
    i = j;
  }
  return out;
}

/** Indexes records that have no document yet (just created), in multi-row inserts. */
export async function insertMany(k: Kysely<Database>, dialect: DialectName, docs: SearchDoc[]): Promise<void> {
  if (docs.length === 0) return;
  if (dialect === 'sqlite') {
    const rows = (await place(k, docs)).map(({ rowid, d }) => ({ rowid, title: d.title, body: d.body, workspace_id: d.workspaceId, object_type: d.objectType, object_id: d.objectId }));
    await insertRows(k, dialect, 'search_fts', rows, DOCS_PER_INSERT);
    return;
  }
  const rows = docs.map((d) => ({ object_type: d.objectType, object_id: d.objectId, workspace_id: d.workspaceId, title: d.title, body: d.body }));
  await insertRows(k, dialect, 'search_documents', rows, DOCS_PER_INSERT);
}

/** Words of a query, each matched as a prefix; punctuation is dropped so no query syntax leaks through. */
export function terms(q: string): string[] {
  return (q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

export interface Hit {
  objectType: string;
  objectId: string;
  title: string;
}

export async function query(k: Kysely<Database>, dialect: DialectName, workspaceId: string, q: string, types: string[], limit: number): Promise<Hit[]> {
  const words = terms(q);
  if (words.length === 0 || types.length === 0) return [];
  if (dialect === 'sqlite') {
    const match = words.map((w) => `"${w}"*`).join(' ');
    const r = await sql<Hit>`select object_type as "objectType", object_id as "objectId", title from search_fts
      where search_fts match ${match} and workspace_id = ${workspaceId} and object_type in (${sql.join(types)})
      order by rank limit ${limit}`.execute(k);
    return r.rows;
  }
  const tsq = words.map((w) => `${w}:*`).join(' & ');
  const r = await sql<Hit>`select object_type as "objectType", object_id as "objectId", title from search_documents
    where tsv @@ to_tsquery('simple', ${tsq}) and workspace_id = ${workspaceId} and object_type in (${sql.join(types)})
    order by ts_rank(tsv, to_tsquery('simple', ${tsq})) desc, object_id limit ${limit}`.execute(k);
  return r.rows;
}

/** Drops every document of a workspace's records of one type that no longer exist (repair). */
export async function removeWorkspace(k: Kysely<Database>, dialect: DialectName, workspaceId: string): Promise<void> {
  if (dialect === 'sqlite') await sql`delete from search_fts where workspace_id = ${workspaceId}`.execute(k);
  else await sql`delete from search_documents where workspace_id = ${workspaceId}`.execute(k);
}

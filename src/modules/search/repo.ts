import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';

export interface SearchDoc {
  workspaceId: string;
  objectType: string;
  objectId: string;
  title: string;
  body: string;
}

export async function remove(k: Kysely<Database>, dialect: DialectName, objectType: string, objectId: string): Promise<void> {
  if (dialect === 'sqlite') await sql`delete from search_fts where object_type = ${objectType} and object_id = ${objectId}`.execute(k);
  else await sql`delete from search_documents where object_type = ${objectType} and object_id = ${objectId}`.execute(k);
}

export async function upsert(k: Kysely<Database>, dialect: DialectName, d: SearchDoc): Promise<void> {
  await remove(k, dialect, d.objectType, d.objectId);
  if (dialect === 'sqlite') {
    await sql`insert into search_fts (title, body, workspace_id, object_type, object_id) values (${d.title}, ${d.body}, ${d.workspaceId}, ${d.objectType}, ${d.objectId})`.execute(k);
  } else {
    await sql`insert into search_documents (object_type, object_id, workspace_id, title, body) values (${d.objectType}, ${d.objectId}, ${d.workspaceId}, ${d.title}, ${d.body})`.execute(k);
  }
}

/** Documents per multi-row insert: 5 parameters each. */
const DOCS_PER_INSERT = 300;

/** Indexes records that have no document yet (just created), in multi-row inserts. */
export async function insertMany(k: Kysely<Database>, dialect: DialectName, docs: SearchDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += DOCS_PER_INSERT) {
    const chunk = docs.slice(i, i + DOCS_PER_INSERT);
    if (dialect === 'sqlite') {
      const values = chunk.map((d) => sql`(${d.title}, ${d.body}, ${d.workspaceId}, ${d.objectType}, ${d.objectId})`);
      await sql`insert into search_fts (title, body, workspace_id, object_type, object_id) values ${sql.join(values)}`.execute(k);
    } else {
      const values = chunk.map((d) => sql`(${d.objectType}, ${d.objectId}, ${d.workspaceId}, ${d.title}, ${d.body})`);
      await sql`insert into search_documents (object_type, object_id, workspace_id, title, body) values ${sql.join(values)}`.execute(k);
    }
  }
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

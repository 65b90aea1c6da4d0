import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Full-text index of CRM records: FTS5 on SQLite, a generated tsvector with GIN on PostgreSQL.
 * FTS5 runs with secure-delete so an erased record's words do not linger in index pages.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create virtual table search_fts using fts5(
      title, body, workspace_id unindexed, object_type unindexed, object_id unindexed,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(db);
    await sql`insert into search_fts(search_fts, rank) values ('secure-delete', 1)`.execute(db);
    return;
  }
  await sql`create table search_documents (
      object_type text not null,
      object_id text not null,
      workspace_id text not null references workspaces(id) on delete cascade,
      title text not null,
      body text not null,
      tsv tsvector generated always as (to_tsvector('simple', title || ' ' || body)) stored,
      primary key (object_type, object_id))`.execute(db);
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  await sql`create index search_documents_ws_idx on search_documents (workspace_id)`.execute(db);
}

import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import type { CannedResponsesTable } from './tables.js';

type K = Kysely<Database>;
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function find(k: K, workspaceId: string, id: string): Promise<CannedResponsesTable | undefined> {
  return k.selectFrom('canned_responses').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function list(k: K, workspaceId: string, a: { limit: number; after?: string | undefined; q?: string | undefined }): Promise<CannedResponsesTable[]> {
  let q = k.selectFrom('canned_responses').selectAll().where('workspace_id', '=', workspaceId);
  if (a.q) {
    const like = `%${likeEscape(a.q.trim().toLowerCase())}%`;
    q = q.where(sql<SqlBool>`(lower(title) like ${like} escape '\\' or lower(coalesce(shortcut, '')) like ${like} escape '\\')`);
  }
  if (a.after) q = q.where('id', '>', a.after);
  return q.orderBy('id').limit(a.limit).execute();
}

export async function insert(k: K, row: CannedResponsesTable): Promise<void> {
  await k.insertInto('canned_responses').values(row).execute();
}

export async function update(k: K, workspaceId: string, id: string, patch: Partial<CannedResponsesTable>): Promise<void> {
  await k.updateTable('canned_responses').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function remove(k: K, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('canned_responses').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MarketingListsTable } from './campaigns-tables.js';

/** SQL of mailing lists and their members. */
export type ListRow = Selectable<MarketingListsTable> & { member_count: number };

function withCount(k: Kysely<Database>, workspaceId: string) {
  return k
    .selectFrom('marketing_lists as l')
    .selectAll('l')
    .select((eb) => eb.selectFrom('marketing_list_members as m').whereRef('m.list_id', '=', 'l.id').select(sql<number>`count(*)`.as('n')).as('member_count'))
    .where('l.workspace_id', '=', workspaceId);
}

export async function list(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<ListRow[]> {
  let q = withCount(k, workspaceId);
  if (cursor) q = q.where('l.id', '<', cursor);
  const rows = await q.orderBy('l.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, member_count: Number(r.member_count) }));
}

export async function find(k: Kysely<Database>, workspaceId: string, id: string): Promise<ListRow | undefined> {
  const r = await withCount(k, workspaceId).where('l.id', '=', id).executeTakeFirst();
  return r ? { ...r, member_count: Number(r.member_count) } : undefined;
}

export async function insert(k: Kysely<Database>, row: MarketingListsTable): Promise<void> {
  await k.insertInto('marketing_lists').values(row).execute();
}

export async function existingContactIds(k: Kysely<Database>, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Adds members; contacts already on the list stay as they are. Returns how many were new. */
export async function addMembers(k: Kysely<Database>, workspaceId: string, listId: string, contactIds: string[], at: string): Promise<number> {
  if (!contactIds.length) return 0;
  const res = await k
    .insertInto('marketing_list_members')
    .values(contactIds.map((contact_id) => ({ workspace_id: workspaceId, list_id: listId, contact_id, created_at: at })))
    .onConflict((oc) => oc.columns(['list_id', 'contact_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export async function removeMembers(k: Kysely<Database>, workspaceId: string, listId: string, contactIds: string[]): Promise<number> {
  if (!contactIds.length) return 0;
  const res = await k.deleteFrom('marketing_list_members').where('workspace_id', '=', workspaceId).where('list_id', '=', listId).where('contact_id', 'in', contactIds).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Member contact ids after `after`, in id order (the sender reads audiences in pages). */
export async function memberIds(k: Kysely<Database>, workspaceId: string, listId: string, after: string, limit: number): Promise<string[]> {
  const rows = await k.selectFrom('marketing_list_members').select('contact_id').where('workspace_id', '=', workspaceId).where('list_id', '=', listId).where('contact_id', '>', after).orderBy('contact_id').limit(limit).execute();
  return rows.map((r) => r.contact_id);
}

export async function rename(k: Kysely<Database>, workspaceId: string, id: string, name: string, at: string): Promise<boolean> {
  const r = await k.updateTable('marketing_lists').set({ name, updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('marketing_lists').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

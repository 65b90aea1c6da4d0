/** SQL of the breach register. Every query is bounded by the scope: a workspace id, or null for the platform. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { BreachesTable, BreachChecklistTable, BreachRecipientsTable, RecipientStatus } from './breaches-tables.js';

export type BreachRow = BreachesTable;
type K = Kysely<Database>;

export async function insertBreach(k: K, row: Insertable<BreachesTable>, checklist: Insertable<BreachChecklistTable>[]): Promise<void> {
  await k.insertInto('breaches').values(row).execute();
  if (checklist.length) await k.insertInto('breach_checklist').values(checklist).execute();
}

export function findInScope(k: K, workspaceId: string | null, id: string): Promise<BreachRow | undefined> {
  let q = k.selectFrom('breaches').selectAll().where('id', '=', id);
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  return q.executeTakeFirst();
}

export function findById(k: K, id: string): Promise<BreachRow | undefined> {
  return k.selectFrom('breaches').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest awareness first; the cursor is the last id of the previous page. */
export async function list(k: K, workspaceId: string | null, o: { limit: number; cursor?: string | undefined; q?: string | undefined }): Promise<BreachRow[]> {
  let q = k.selectFrom('breaches').selectAll();
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  if (o.q) q = q.where('title', 'like', `%${o.q.replace(/[%_\\]/g, '')}%`);
  if (o.cursor) {
    const after = await findInScope(k, workspaceId, o.cursor);
    if (after) q = q.where((eb) => eb.or([eb('aware_at', '<', after.aware_at), eb.and([eb('aware_at', '=', after.aware_at), eb('id', '<', after.id)])]));
  }
  return q.orderBy('aware_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

export async function update(k: K, id: string, patch: Updateable<BreachesTable>): Promise<void> {
  await k.updateTable('breaches').set(patch).where('id', '=', id).execute();
}

export function checklist(k: K, breachId: string): Promise<BreachChecklistTable[]> {
  return k.selectFrom('breach_checklist').selectAll().where('breach_id', '=', breachId).orderBy('position').execute();
}

export async function tick(k: K, breachId: string, item: string, doneAt: string | null, doneBy: string | null): Promise<number> {
  const r = await k.updateTable('breach_checklist').set({ done_at: doneAt, done_by: doneBy }).where('breach_id', '=', breachId).where('item', '=', item).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function recipientCounts(k: K, breachId: string): Promise<Record<RecipientStatus, number>> {
  const rows = await k.selectFrom('breach_recipients').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('breach_id', '=', breachId).groupBy('status').execute();
  const out: Record<RecipientStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export function recipients(k: K, breachId: string, status?: RecipientStatus, limit = 1000): Promise<BreachRecipientsTable[]> {
  let q = k.selectFrom('breach_recipients').selectAll().where('breach_id', '=', breachId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('id').limit(limit).execute();
}

/** Replaces the recipients not yet mailed; addresses already sent to keep their row and are not added again. */
export async function replaceQueued(k: K, breachId: string, rows: Insertable<BreachRecipientsTable>[]): Promise<number> {
  await k.deleteFrom('breach_recipients').where('breach_id', '=', breachId).where('status', 'in', ['queued', 'failed']).execute();
  const sent = new Set((await k.selectFrom('breach_recipients').select('email').where('breach_id', '=', breachId).execute()).map((r) => r.email));
  const fresh = rows.filter((r) => !sent.has(r.email));
  for (let i = 0; i < fresh.length; i += 200) await k.insertInto('breach_recipients').values(fresh.slice(i, i + 200)).execute();
  return fresh.length;
}

export async function markRecipient(k: K, id: string, patch: Updateable<BreachRecipientsTable>): Promise<void> {
  await k.updateTable('breach_recipients').set(patch).where('id', '=', id).execute();
}

/** Failed notices back to queued (their error cleared); the number requeued. */
export async function requeueFailed(k: K, breachId: string): Promise<number> {
  const r = await k.updateTable('breach_recipients').set({ status: 'queued', error: null }).where('breach_id', '=', breachId).where('status', '=', 'failed').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

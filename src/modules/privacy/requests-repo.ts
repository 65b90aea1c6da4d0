import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { PrivacyCorrectionsTable, PrivacyRequestsTable, RequestStatus } from './tables.js';

/** SQL of the request workflow. A null workspace is the platform scope; no query mixes the two. */
export type RequestRow = Selectable<PrivacyRequestsTable>;
export type CorrectionRow = Selectable<PrivacyCorrectionsTable>;

export async function insertRequest(k: Kysely<Database>, row: PrivacyRequestsTable): Promise<void> {
  await k.insertInto('privacy_requests').values(row).execute();
}

export async function insertCorrections(k: Kysely<Database>, rows: PrivacyCorrectionsTable[]): Promise<void> {
  if (rows.length) await k.insertInto('privacy_corrections').values(rows).execute();
}

/** The request in that scope only (another workspace's id reads as absent). */
export function findInScope(k: Kysely<Database>, workspaceId: string | null, id: string): Promise<RequestRow | undefined> {
  const q = k.selectFrom('privacy_requests').selectAll().where('id', '=', id);
  return (workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId)).executeTakeFirst();
}

/** For jobs, which carry only the id. */
export function findById(k: Kysely<Database>, id: string): Promise<RequestRow | undefined> {
  return k.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByTokenHash(k: Kysely<Database>, hash: string): Promise<RequestRow | undefined> {
  return k.selectFrom('privacy_requests').selectAll().where('verify_token_hash', '=', hash).executeTakeFirst();
}

export async function update(k: Kysely<Database>, id: string, patch: Partial<PrivacyRequestsTable>): Promise<void> {
  await k.updateTable('privacy_requests').set(patch).where('id', '=', id).execute();
}

/** Moves the request only if it is still in `from` (so two officers cannot both complete it). */
export async function transition(k: Kysely<Database>, id: string, from: RequestStatus[], patch: Partial<PrivacyRequestsTable>): Promise<boolean> {
  const r = await k.updateTable('privacy_requests').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ListFilter {
  workspaceId: string | null;
  status?: RequestStatus | undefined;
  type?: string | undefined;
  jurisdiction?: string | undefined;
  assignee?: string | undefined;
  /** With `overdue`: true → due before this time and not finished; false → everything else. */
  now?: string | undefined;
  overdue?: boolean | undefined;
  after?: { dueAt: string; id: string } | undefined;
  limit: number;
}

const UNFINISHED: RequestStatus[] = ['unverified', 'open', 'processing'];

export function list(k: Kysely<Database>, f: ListFilter): Promise<RequestRow[]> {
  let q = k.selectFrom('privacy_requests').selectAll();
  q = f.workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', f.workspaceId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type as RequestRow['type']);
  if (f.jurisdiction) q = q.where('jurisdiction', '=', f.jurisdiction as RequestRow['jurisdiction']);
  if (f.assignee) q = q.where('assignee_id', '=', f.assignee);
  const now = f.now;
  if (f.overdue === true && now) q = q.where('due_at', '<', now).where('status', 'in', UNFINISHED);
  if (f.overdue === false && now) q = q.where((eb) => eb.or([eb('due_at', '>=', now), eb('status', 'not in', UNFINISHED)]));
  const after = f.after;
  if (after) q = q.where((eb) => eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]));
  return q.orderBy('due_at').orderBy('id').limit(f.limit).execute();
}

export function corrections(k: Kysely<Database>, requestId: string): Promise<CorrectionRow[]> {
  return k.selectFrom('privacy_corrections').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

export async function updateCorrection(k: Kysely<Database>, id: string, patch: Partial<PrivacyCorrectionsTable>): Promise<void> {
  await k.updateTable('privacy_corrections').set(patch).where('id', '=', id).execute();
}

/** Unverified requests whose link ran out: the daily expiry job closes them. */
export async function expireUnverified(k: Kysely<Database>, now: string): Promise<{ id: string; workspace_id: string | null }[]> {
  const rows = await k.selectFrom('privacy_requests').select(['id', 'workspace_id']).where('status', '=', 'unverified').where('verify_expires_at', '<', now).execute();
  if (rows.length) {
    const ids = rows.map((r) => r.id);
    await k.updateTable('privacy_requests').set({ status: 'expired', verify_token_hash: null, updated_at: now }).where('id', 'in', ids).where('status', '=', 'unverified').execute();
  }
  return rows;
}

/** Who could handle requests: platform operators (null workspace) or the members of the workspace with their role. */
export async function officerCandidates(k: Kysely<Database>, workspaceId: string | null): Promise<{ id: string; name: string; role: string }[]> {
  if (workspaceId === null) {
    const ops = await k.selectFrom('users').select(['id', 'name']).where('is_platform_operator', '=', 1).where('status', '=', 'active').orderBy('name').orderBy('id').execute();
    return ops.map((o) => ({ ...o, role: 'operator' }));
  }
  return k
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as id', 'u.name as name', 'm.role as role'])
    .where('m.workspace_id', '=', workspaceId)
    .where('u.status', '=', 'active')
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}

import type { Kysely, Selectable } from 'kysely';
import type { InvitationsTable } from '../../db/core-tables.js';
import type { Database } from '../../db/types.js';

export function findByUser(k: Kysely<Database>, workspaceId: string, userId: string) {
  return k.selectFrom('workspace_members').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
}

export function findByEmail(k: Kysely<Database>, workspaceId: string, email: string) {
  return k
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .where('u.email', '=', email)
    .executeTakeFirst();
}

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  createdAt: string;
}

function memberQuery(k: Kysely<Database>, workspaceId: string) {
  return k
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id as id', 'm.user_id as userId', 'u.name as name', 'u.email as email', 'm.role as role', 'm.created_at as createdAt'])
    .where('m.workspace_id', '=', workspaceId);
}

export function findMember(k: Kysely<Database>, workspaceId: string, memberId: string): Promise<MemberView | undefined> {
  return memberQuery(k, workspaceId).where('m.id', '=', memberId).executeTakeFirst();
}

export function listMembers(k: Kysely<Database>, workspaceId: string, limit: number, after?: string): Promise<MemberView[]> {
  let q = memberQuery(k, workspaceId);
  if (after) q = q.where('m.id', '>', after);
  return q.orderBy('m.id').limit(limit).execute();
}

export async function countRole(k: Kysely<Database>, workspaceId: string, role: string): Promise<number> {
  const r = await k
    .selectFrom('workspace_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function setRole(k: Kysely<Database>, memberId: string, role: string): Promise<void> {
  await k.updateTable('workspace_members').set({ role }).where('id', '=', memberId).execute();
}

export async function deleteMember(k: Kysely<Database>, memberId: string): Promise<void> {
  await k.deleteFrom('workspace_members').where('id', '=', memberId).execute();
}

export async function insertInvitation(k: Kysely<Database>, row: InvitationsTable): Promise<void> {
  await k.insertInto('invitations').values(row).execute();
}

export async function revokeOpenInvitations(k: Kysely<Database>, workspaceId: string, email: string, at: string): Promise<void> {
  await k
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export function findInvitation(k: Kysely<Database>, workspaceId: string, id: string): Promise<Selectable<InvitationsTable> | undefined> {
  return k.selectFrom('invitations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** For the mail job, which runs outside any workspace context. */
export function findInvitationById(k: Kysely<Database>, id: string): Promise<Selectable<InvitationsTable> | undefined> {
  return k.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLiveInvitation(k: Kysely<Database>, tokenHash: string, now: string) {
  return k
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function markInvitationAccepted(k: Kysely<Database>, id: string, at: string): Promise<void> {
  await k.updateTable('invitations').set({ accepted_at: at }).where('id', '=', id).execute();
}

export async function revokeInvitation(k: Kysely<Database>, id: string, at: string): Promise<void> {
  await k.updateTable('invitations').set({ revoked_at: at }).where('id', '=', id).execute();
}

export function listInvitations(k: Kysely<Database>, workspaceId: string, limit: number, after?: string) {
  let q = k
    .selectFrom('invitations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .where('accepted_at', 'is', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

export async function setInvitationToken(k: Kysely<Database>, id: string, tokenHash: string): Promise<void> {
  await k.updateTable('invitations').set({ token_hash: tokenHash }).where('id', '=', id).execute();
}

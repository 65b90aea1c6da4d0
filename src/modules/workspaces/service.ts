import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { DAY } from '../../lib/clock.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import type { Actor } from '../audit/service.js';
import * as repo from './repo.js';
import * as members from './members-repo.js';
import { isRole, type Role } from './roles.js';

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
}

export async function createWorkspace(
  ctx: AppContext,
  trx: Kysely<Database>,
  input: { name: string; ownerId: string; dataRegion?: 'ID' | 'US' },
  actor: Actor,
): Promise<WorkspaceSummary> {
  const at = ctx.clock.now().toISOString();
  const id = newId('ws');
  await repo.insertWorkspace(trx, {
    id,
    name: input.name,
    data_region: input.dataRegion ?? 'ID',
    require_2fa: 0,
    created_by: input.ownerId,
    created_at: at,
    updated_at: at,
  });
  await repo.insertMember(trx, { id: newId('mem'), workspace_id: id, user_id: input.ownerId, role: 'owner', created_at: at });
  await audit.record(ctx.db, ctx.clock, { actor, workspaceId: id, action: 'workspace.created', target: { type: 'workspace', id } }, trx);
  return { id, name: input.name, role: 'owner' };
}

export async function listForUser(ctx: AppContext, userId: string): Promise<WorkspaceSummary[]> {
  const rows = await repo.userWorkspaces(ctx.db.k, userId);
  return rows.map((r) => ({ id: r.workspaceId, name: r.name, role: r.role as Role }));
}

/**
 * Workspaces this user alone owns while others still work in them: closing the account would leave
 * them without anyone who can manage members, billing or privacy requests.
 */
export async function soleOwnedSharedWorkspaces(ctx: AppContext, userId: string): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  for (const w of await listForUser(ctx, userId)) {
    if (w.role !== 'owner' || (await members.countRole(ctx.db.k, w.id, 'owner')) > 1) continue;
    if ((await members.listMembers(ctx.db.k, w.id, 2)).length > 1) out.push({ id: w.id, name: w.name });
  }
  return out;
}

export const INVITATION_TTL_MS = 7 * DAY;

/** Whether the actor holds the owner role here. An API key never does: a key cannot hand out ownership. */
async function actsAsOwner(ctx: AppContext, workspaceId: string, actor: Actor, actorRole: Role | null | undefined): Promise<boolean> {
  if (actorRole !== undefined) return actorRole === 'owner';
  if (actor.type === 'system' || actor.type === 'operator') return true;
  if (actor.type !== 'user' || !actor.id) return false;
  return (await members.findByUser(ctx.db.k, workspaceId, actor.id))?.role === 'owner';
}

/** `actorRole`: the caller's role from the request scope (null for an API key); looked up when not given. */
export async function invite(ctx: AppContext, workspaceId: string, input: { email: string; role: Role }, actor: Actor, actorRole?: Role | null) {
  if (input.role === 'owner' && !(await actsAsOwner(ctx, workspaceId, actor, actorRole))) throw forbidden('Only an owner may invite another owner');
  const email = input.email.trim().toLowerCase();
  if (await members.findByEmail(ctx.db.k, workspaceId, email)) throw conflict('already_member', 'That person is already a member');
  const now = ctx.clock.now();
  const id = newId('inv');
  await ctx.db.k.transaction().execute(async (trx) => {
    await members.revokeOpenInvitations(trx, workspaceId, email, now.toISOString());
    await members.insertInvitation(trx, {
      id,
      workspace_id: workspaceId,
      email,
      role: input.role,
      // Nobody knows this token: the mail job mints the real one, so no secret waits in the queue.
      token_hash: sha256Hex(randomToken()),
      invited_by: actor.type === 'user' ? actor.id : null,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
      accepted_at: null,
      revoked_at: null,
      created_at: now.toISOString(),
    });
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'invitation.created', target: { type: 'invitation', id }, details: { role: input.role } }, trx);
  });
  await ctx.queue.enqueue('workspaces.send_invitation', { invitationId: id }, { idempotencyKey: `invite:${id}`, workspaceId });
  return (await members.findInvitation(ctx.db.k, workspaceId, id))!;
}

export async function acceptInvitation(
  ctx: AppContext,
  trx: Kysely<Database>,
  input: { token: string; userId: string; email: string },
  actor: Actor,
): Promise<WorkspaceSummary> {
  const at = ctx.clock.now().toISOString();
  const inv = await members.findLiveInvitation(trx, sha256Hex(input.token), at);
  if (!inv) throw badRequest('invalid_token', 'This invitation is invalid, already used or expired');
  if (inv.email !== input.email.toLowerCase()) {
    throw new HttpError(403, 'invitation_email_mismatch', 'This invitation was sent to another email address');
  }
  const ws = await repo.findWorkspace(trx, inv.workspace_id);
  if (!ws) throw notFound('Workspace');
  const existing = await members.findByUser(trx, inv.workspace_id, input.userId);
  if (!existing) {
    await repo.insertMember(trx, { id: newId('mem'), workspace_id: inv.workspace_id, user_id: input.userId, role: inv.role, created_at: at });
  }
  await members.markInvitationAccepted(trx, inv.id, at);
  await audit.record(ctx.db, ctx.clock, { actor, workspaceId: inv.workspace_id, action: 'invitation.accepted', target: { type: 'invitation', id: inv.id }, details: { role: inv.role } }, trx);
  return { id: ws.id, name: ws.name, role: (existing?.role ?? inv.role) as Role };
}

export async function acceptInvitationForUser(ctx: AppContext, token: string, user: { id: string; email: string }) {
  return ctx.db.k.transaction().execute((trx) =>
    acceptInvitation(ctx, trx, { token, userId: user.id, email: user.email }, { type: 'user', id: user.id }),
  );
}

/**
 * Runs a change to a member inside one transaction that first locks the workspace, so two owners
 * stepping down at once cannot both see "another owner is left" (the last-owner rule holds under races).
 */
async function withMemberLocked<T>(
  ctx: AppContext,
  workspaceId: string,
  memberId: string,
  fn: (trx: Kysely<Database>, m: members.MemberView) => Promise<T>,
): Promise<T> {
  return ctx.db.k.transaction().execute(async (trx) => {
    await repo.lockWorkspace(trx, ctx.db.dialect, workspaceId);
    const m = await members.findMember(trx, workspaceId, memberId);
    if (!m) throw notFound('Member');
    return fn(trx, m);
  });
}

export async function changeRole(ctx: AppContext, workspaceId: string, memberId: string, role: string, actor: Actor, actorRole: Role) {
  if (!isRole(role)) throw badRequest('validation_failed', 'Unknown role', [{ field: 'body.role', message: 'unknown role' }]);
  await withMemberLocked(ctx, workspaceId, memberId, async (trx, m) => {
    if ((role === 'owner' || m.role === 'owner') && actorRole !== 'owner') throw forbidden('Only an owner may grant or take the owner role');
    if (m.role === 'owner' && role !== 'owner' && (await members.countRole(trx, workspaceId, 'owner')) <= 1) {
      throw conflict('last_owner', 'A workspace needs at least one owner');
    }
    await members.setRole(trx, memberId, role);
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'member.role_changed', target: { type: 'member', id: memberId }, details: { from: m.role, to: role } }, trx);
  });
  return (await members.findMember(ctx.db.k, workspaceId, memberId))!;
}

export async function removeMember(ctx: AppContext, workspaceId: string, memberId: string, actor: Actor, actorRole: Role): Promise<void> {
  await withMemberLocked(ctx, workspaceId, memberId, async (trx, m) => {
    if (m.role === 'owner' && actorRole !== 'owner') throw forbidden('Only an owner may remove an owner');
    if (m.role === 'owner' && (await members.countRole(trx, workspaceId, 'owner')) <= 1) throw conflict('last_owner', 'A workspace needs at least one owner');
    await members.deleteMember(trx, memberId);
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'member.removed', target: { type: 'member', id: memberId } }, trx);
  });
}

export async function revokeInvitation(ctx: AppContext, workspaceId: string, id: string, actor: Actor): Promise<void> {
  const inv = await members.findInvitation(ctx.db.k, workspaceId, id);
  // Only an open invitation can be revoked; an accepted one is a membership now (remove the member instead).
  if (!inv || inv.accepted_at || inv.revoked_at) throw notFound('Invitation');
  await ctx.db.k.transaction().execute(async (trx) => {
    await members.revokeInvitation(trx, id, ctx.clock.now().toISOString());
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'invitation.revoked', target: { type: 'invitation', id } }, trx);
  });
}

export async function updateWorkspace(ctx: AppContext, workspaceId: string, patch: { name?: string | undefined; require2fa?: boolean | undefined }, actor: Actor) {
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx
      .updateTable('workspaces')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.require2fa !== undefined ? { require_2fa: patch.require2fa ? 1 : 0 } : {}),
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', workspaceId)
      .execute();
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'workspace.updated', target: { type: 'workspace', id: workspaceId }, details: { fields: Object.keys(patch) } }, trx);
  });
  return repo.findWorkspace(ctx.db.k, workspaceId);
}

/** Gives an invitation a fresh link token (the mail job calls this; only its hash is kept). */
export async function mintInvitationToken(ctx: AppContext, invitationId: string): Promise<string> {
  const token = randomToken();
  await members.setInvitationToken(ctx.db.k, invitationId, sha256Hex(token));
  return token;
}

export { findWorkspace } from './repo.js';
export { listMembers, listInvitations, findInvitationById } from './members-repo.js';

/** Whether a user belongs to the workspace (owners, assignees and the like must). */
export async function isMember(k: Kysely<Database>, workspaceId: string, userId: string): Promise<boolean> {
  return Boolean(await members.findByUser(k, workspaceId, userId));
}

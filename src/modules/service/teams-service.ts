import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as repo from './teams-repo.js';
import type { TeamCreate, TeamPatch, TeamView } from './teams-schema.js';
import { AGENT_ROLES } from './tickets-repo.js';

/** Support teams: groups of members tickets are routed to (and round robin picks among). */
async function checkMembers(k: Kysely<Database>, workspaceId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const ok = await repo.agentsAmong(k, workspaceId, unique, AGENT_ROLES);
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw badRequest('validation_failed', 'Team members must be members of this workspace who work tickets', bad.map((id) => ({ field: 'body.memberIds', message: `${id.slice(0, 40)} is not such a member` })));
  return unique;
}

async function view(k: Kysely<Database>, workspaceId: string, id: string): Promise<TeamView> {
  const t = await repo.find(k, workspaceId, id);
  if (!t) throw notFound('Team');
  return { id: t.id, name: t.name, memberIds: (await repo.membersOf(k, workspaceId, [t.id])).get(t.id) ?? [], createdAt: t.created_at };
}

export async function listTeams(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: TeamView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, scope.workspaceId, limit, cursor);
  const members = await repo.membersOf(ctx.db.k, scope.workspaceId, rows.map((r) => r.id));
  const data = rows.map((t) => ({ id: t.id, name: t.name, memberIds: members.get(t.id) ?? [], createdAt: t.created_at }));
  return { data, nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function getTeam(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<TeamView> {
  return view(ctx.db.k, scope.workspaceId, id);
}

export async function createTeam(ctx: AppContext, scope: WorkspaceScope, input: TeamCreate): Promise<TeamView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const members = await checkMembers(trx, scope.workspaceId, input.memberIds);
    const id = newId('team');
    await repo.insert(trx, { id, workspace_id: scope.workspaceId, name: input.name, created_at: ctx.clock.now().toISOString() });
    await repo.setMembers(trx, scope.workspaceId, id, members);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.team_created', target: { type: 'service_team', id }, details: { members: members.length } }, trx);
    return view(trx, scope.workspaceId, id);
  });
}

export async function updateTeam(ctx: AppContext, scope: WorkspaceScope, id: string, input: TeamPatch): Promise<TeamView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.find(trx, scope.workspaceId, id))) throw notFound('Team');
    if (input.name !== undefined) await repo.rename(trx, scope.workspaceId, id, input.name);
    if (input.memberIds !== undefined) await repo.setMembers(trx, scope.workspaceId, id, await checkMembers(trx, scope.workspaceId, input.memberIds));
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.team_updated', target: { type: 'service_team', id }, details: { fields: Object.keys(input).filter((f) => input[f as keyof TeamPatch] !== undefined) } }, trx);
    return view(trx, scope.workspaceId, id);
  });
}

/** Deleting a team leaves its tickets unrouted (team_id set null by the database). */
export async function deleteTeam(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.remove(trx, scope.workspaceId, id))) throw notFound('Team');
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.team_deleted', target: { type: 'service_team', id } }, trx);
  });
}

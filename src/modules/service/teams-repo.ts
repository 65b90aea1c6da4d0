import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ServiceTeamsTable } from './tables.js';

type K = Kysely<Database>;

export async function find(k: K, workspaceId: string, id: string): Promise<ServiceTeamsTable | undefined> {
  return k.selectFrom('service_teams').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function list(k: K, workspaceId: string, limit: number, after?: string): Promise<ServiceTeamsTable[]> {
  let q = k.selectFrom('service_teams').selectAll().where('workspace_id', '=', workspaceId);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

export async function membersOf(k: K, workspaceId: string, teamIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await k.selectFrom('service_team_members').select(['team_id', 'user_id']).where('workspace_id', '=', workspaceId).where('team_id', 'in', teamIds).orderBy('user_id').execute();
  for (const r of rows) out.get(r.team_id)?.push(r.user_id);
  return out;
}

export async function insert(k: K, row: ServiceTeamsTable): Promise<void> {
  await k.insertInto('service_teams').values(row).execute();
}

export async function rename(k: K, workspaceId: string, id: string, name: string): Promise<void> {
  await k.updateTable('service_teams').set({ name }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function setMembers(k: K, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await k.deleteFrom('service_team_members').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute();
  if (userIds.length) await k.insertInto('service_team_members').values(userIds.map((user_id) => ({ team_id: teamId, user_id, workspace_id: workspaceId }))).execute();
}

export async function remove(k: K, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('service_teams').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function agentsAmong(k: K, workspaceId: string, userIds: string[], roles: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await k.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', userIds).where('role', 'in', [...roles]).execute();
  return new Set(rows.map((r) => r.user_id));
}

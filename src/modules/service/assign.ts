import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { AGENT_ROLES } from './tickets-repo.js';
import type { ServiceSettingsTable } from './tables.js';

/**
 * Round-robin assignment: the agents eligible for a ticket (the members of its team, else every
 * member whose role works tickets), in a fixed order (user id); the next one after the last
 * assigned, wrapping round. The caller holds the workspace's settings row lock (tickets-service),
 * so two tickets created at once never get the same turn; it then stores the chosen user as the
 * last one. Returns null when nobody is eligible.
 */
export async function eligibleAgents(k: Kysely<Database>, workspaceId: string, teamId: string | null): Promise<string[]> {
  let q = k
    .selectFrom('workspace_members as m')
    .select('m.user_id')
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', 'in', [...AGENT_ROLES]);
  if (teamId) {
    q = q.innerJoin('service_team_members as tm', (j) => j.onRef('tm.user_id', '=', 'm.user_id').on('tm.team_id', '=', teamId).on('tm.workspace_id', '=', workspaceId));
  }
  const rows = await q.orderBy('m.user_id').execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

/** The agent whose turn it is after `last` among `agents` (sorted), wrapping round. */
export function nextInTurn(agents: readonly string[], last: string | null): string | null {
  if (agents.length === 0) return null;
  if (last === null) return agents[0] ?? null;
  return agents.find((a) => a > last) ?? agents[0] ?? null;
}

export async function roundRobinAssignee(k: Kysely<Database>, settings: ServiceSettingsTable, teamId: string | null): Promise<string | null> {
  if (settings.auto_assign !== 'round_robin') return null;
  return nextInTurn(await eligibleAgents(k, settings.workspace_id, teamId), settings.round_robin_last_user_id);
}

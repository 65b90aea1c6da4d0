import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { WorkspacesTable } from '../../db/core-tables.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { preparedQuery } from '../../db/prepared.js';

export type WorkspaceRow = Selectable<WorkspacesTable>;

export async function insertWorkspace(k: Kysely<Database>, row: Insertable<WorkspacesTable>): Promise<void> {
  await k.insertInto('workspaces').values(row).execute();
}

export async function insertMember(
  k: Kysely<Database>,
  row: { id: string; workspace_id: string; user_id: string; role: string; created_at: string },
): Promise<void> {
  await k.insertInto('workspace_members').values(row).execute();
}

export interface Membership {
  workspaceId: string;
  name: string;
  role: string;
  require2fa: number;
  dataRegion: string;
}

const userWorkspacesQuery = preparedQuery((k: Kysely<Database>, userId: string) =>
  k
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id as workspaceId', 'w.name as name', 'm.role as role', 'w.require_2fa as require2fa', 'w.data_region as dataRegion'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('w.id'),
);

/** A user's memberships, compiled once (every workspace-scoped request reads them). */
export function userWorkspaces(k: Kysely<Database>, userId: string): Promise<Membership[]> {
  return userWorkspacesQuery(k, userId);
}

export function findWorkspace(k: Kysely<Database>, id: string): Promise<WorkspaceRow | undefined> {
  return k.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Row-locks a workspace for the rest of the transaction (PostgreSQL; SQLite serialises writers already). */
export async function lockWorkspace(k: Kysely<Database>, dialect: DialectName, id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from workspaces where id = ${id} for update`.execute(k);
}

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { SubprocessorsTable } from './tables.js';

export type SubprocessorRow = Selectable<SubprocessorsTable>;

export function all(k: Kysely<Database>): Promise<SubprocessorRow[]> {
  return k.selectFrom('subprocessors').selectAll().orderBy('key').execute();
}

export function byKey(k: Kysely<Database>, key: string): Promise<SubprocessorRow | undefined> {
  return k.selectFrom('subprocessors').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Adds the rows that are missing; existing rows (edited by the operator) are left as they are. */
export async function insertMissing(k: Kysely<Database>, rows: SubprocessorRow[]): Promise<void> {
  if (rows.length === 0) return;
  await k.insertInto('subprocessors').values(rows).onConflict((oc) => oc.column('key').doNothing()).execute();
}

export async function update(k: Kysely<Database>, key: string, set: Partial<SubprocessorRow>): Promise<void> {
  await k.updateTable('subprocessors').set(set).where('key', '=', key).execute();
}

export function workspaceRegion(k: Kysely<Database>, workspaceId: string): Promise<{ data_region: string } | undefined> {
  return k.selectFrom('workspaces').select('data_region').where('id', '=', workspaceId).executeTakeFirst();
}

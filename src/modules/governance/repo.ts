import type { Kysely, Selectable } from 'kysely';
import type { PolicyVersionsTable } from '../../db/core-tables.js';
import type { Database } from '../../db/types.js';

export type PolicyRow = Selectable<PolicyVersionsTable>;

export function current(k: Kysely<Database>, now: string): Promise<PolicyRow | undefined> {
  return k
    .selectFrom('policy_versions')
    .selectAll()
    .where('published_at', 'is not', null)
    .where('effective_at', '<=', now)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function published(k: Kysely<Database>): Promise<PolicyRow[]> {
  return k.selectFrom('policy_versions').selectAll().where('published_at', 'is not', null).orderBy('effective_at', 'desc').execute();
}

export async function count(k: Kysely<Database>): Promise<number> {
  const r = await k.selectFrom('policy_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(k: Kysely<Database>, row: PolicyVersionsTable): Promise<void> {
  await k.insertInto('policy_versions').values(row).execute();
}

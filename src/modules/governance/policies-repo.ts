import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { PolicyRow } from './repo.js';

/** SQL of policy drafts, publishing, notices and re-acceptance (issue 7 item 3). */

export function all(k: Kysely<Database>): Promise<PolicyRow[]> {
  return k.selectFrom('policy_versions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function byId(k: Kysely<Database>, id: string): Promise<PolicyRow | undefined> {
  return k.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function byVersion(k: Kysely<Database>, version: string): Promise<PolicyRow | undefined> {
  return k.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
}

/**
 * Sets published_at once; false when another call published it first. A version cannot have been
 * in force before anyone could read it, so an effective time already past moves up to now.
 */
export async function markPublished(k: Kysely<Database>, id: string, at: string, effectiveAt: string): Promise<boolean> {
  const r = await k
    .updateTable('policy_versions')
    .set({ published_at: at, effective_at: effectiveAt < at ? at : effectiveAt })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The newest material version in force: the one every user must have accepted (or a later one). */
export function latestMaterial(k: Kysely<Database>, now: string): Promise<PolicyRow | undefined> {
  return k
    .selectFrom('policy_versions')
    .selectAll()
    .where('published_at', 'is not', null)
    .where('material', '=', 1)
    .where('effective_at', '<=', now)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether the user accepted a version that took effect at or after `since`. */
export async function acceptedSince(k: Kysely<Database>, userId: string, since: string): Promise<boolean> {
  const r = await k
    .selectFrom('policy_acceptances as a')
    .innerJoin('policy_versions as v', 'v.id', 'a.policy_version_id')
    .select('a.id')
    .where('a.user_id', '=', userId)
    .where('v.effective_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function hasAccepted(k: Kysely<Database>, userId: string, versionId: string): Promise<boolean> {
  const r = await k.selectFrom('policy_acceptances').select('id').where('user_id', '=', userId).where('policy_version_id', '=', versionId).executeTakeFirst();
  return r !== undefined;
}

export async function insertNotice(k: Kysely<Database>, row: Database['governance_notices']): Promise<void> {
  await k.insertInto('governance_notices').values(row).execute();
}

export function noticeFor(k: Kysely<Database>, policyVersionId: string): Promise<Database['governance_notices'] | undefined> {
  return k.selectFrom('governance_notices').selectAll().where('policy_version_id', '=', policyVersionId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string;
}

/** Registered users in id order, one page after `afterId`: anonymised accounts have no address left to tell. */
export function usersPage(k: Kysely<Database>, afterId: string, limit: number): Promise<Recipient[]> {
  return k
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('status', '!=', 'anonymised')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function userCount(k: Kysely<Database>): Promise<number> {
  const r = await k.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'anonymised').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Where a notice job got to (null before its first mail). */
export function noticeProgress(k: Kysely<Database>, jobId: string): Promise<Database['governance_notice_progress'] | undefined> {
  return k.selectFrom('governance_notice_progress').selectAll().where('job_id', '=', jobId).executeTakeFirst();
}

export async function saveNoticeProgress(k: Kysely<Database>, row: Database['governance_notice_progress']): Promise<void> {
  await k
    .insertInto('governance_notice_progress')
    .values(row)
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ last_user_id: row.last_user_id, sent: row.sent, updated_at: row.updated_at }))
    .execute();
}

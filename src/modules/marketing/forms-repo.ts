import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FormConsentVersionsTable, FormsTable } from './forms-tables.js';

export type FormRow = Selectable<FormsTable>;
export type ConsentVersionRow = Selectable<FormConsentVersionsTable>;

/** A workspace's form, or the operator's own (workspaceId null); another workspace's is never found. */
export function findForm(k: Kysely<Database>, workspaceId: string | null, id: string): Promise<FormRow | undefined> {
  const q = k.selectFrom('forms').selectAll().where('id', '=', id);
  return (workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId)).executeTakeFirst();
}

/** Any form by id, whoever owns it: public pages and the submission endpoint. */
export function findAnyForm(k: Kysely<Database>, id: string): Promise<FormRow | undefined> {
  return k.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The operator's demo-request form (the first made, should an operator add more). */
export function platformDemoForm(k: Kysely<Database>): Promise<FormRow | undefined> {
  return k.selectFrom('forms').selectAll().where('workspace_id', 'is', null).where('kind', '=', 'demo_request').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function listForms(k: Kysely<Database>, workspaceId: string | null, limit: number, cursor?: string): Promise<FormRow[]> {
  let q = k.selectFrom('forms').selectAll();
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '>', cursor);
  return q.orderBy('id').limit(limit).execute();
}

export async function insertForm(k: Kysely<Database>, row: FormsTable): Promise<void> {
  await k.insertInto('forms').values(row).execute();
}

export async function updateForm(k: Kysely<Database>, workspaceId: string | null, id: string, patch: Partial<FormsTable>): Promise<void> {
  const q = k.updateTable('forms').set(patch).where('id', '=', id);
  await (workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId)).execute();
}

export async function deleteForm(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('forms').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Takes the form's next round-robin turn. One UPDATE … RETURNING: the row lock (PostgreSQL) or
 * the single writer (SQLite) hands concurrent submissions distinct numbers.
 */
export async function nextTurn(k: Kysely<Database>, formId: string): Promise<number> {
  const r = await k
    .updateTable('forms')
    .set((eb) => ({ rr_counter: eb('rr_counter', '+', 1) }))
    .where('id', '=', formId)
    .returning('rr_counter')
    .executeTakeFirstOrThrow();
  return Number(r.rr_counter);
}

export function latestVersion(k: Kysely<Database>, formId: string, consentKey: string): Promise<ConsentVersionRow | undefined> {
  return k.selectFrom('form_consent_versions').selectAll().where('form_id', '=', formId).where('consent_key', '=', consentKey).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function versionsByIds(k: Kysely<Database>, ids: string[]): Promise<Map<string, ConsentVersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await k.selectFrom('form_consent_versions').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A wording version of one checkbox of one form (a page rendered before a change still names the words it showed). */
export function findVersion(k: Kysely<Database>, formId: string, consentKey: string, id: string): Promise<ConsentVersionRow | undefined> {
  return k.selectFrom('form_consent_versions').selectAll().where('id', '=', id).where('form_id', '=', formId).where('consent_key', '=', consentKey).executeTakeFirst();
}

export async function insertVersion(k: Kysely<Database>, row: FormConsentVersionsTable): Promise<void> {
  await k.insertInto('form_consent_versions').values(row).execute();
}

/** Platform operators, in a stable order: the default pool of the operator's own form. */
export async function operatorIds(k: Kysely<Database>): Promise<string[]> {
  const rows = await k.selectFrom('users').select('id').where('is_platform_operator', '=', 1).orderBy('id').execute();
  return rows.map((r) => r.id);
}

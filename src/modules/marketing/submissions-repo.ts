import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { FormSubmissionsTable } from './forms-tables.js';

export type SubmissionRow = Selectable<FormSubmissionsTable>;

/**
 * Serialises submissions for one address in one workspace on PostgreSQL, so two at once cannot
 * both miss the contact and create it twice (SQLite has a single writer already).
 */
export async function lockAddress(k: Kysely<Database>, dialect: DialectName, workspaceId: string, email: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`form_contact:${workspaceId}:${email}`}))`.execute(k);
}

/** The oldest contact of the workspace with this primary address (stored lower case), the one a CRM user sees first. */
export function contactByEmail(k: Kysely<Database>, workspaceId: string, email: string): Promise<{ id: string } | undefined> {
  return k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('email', '=', email).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}


export async function insertSubmission(k: Kysely<Database>, row: FormSubmissionsTable): Promise<void> {
  await k.insertInto('form_submissions').values(row).execute();
}

export async function setTask(k: Kysely<Database>, id: string, taskId: string): Promise<void> {
  await k.updateTable('form_submissions').set({ task_id: taskId }).where('id', '=', id).execute();
}

/** Submissions of one form of the scope (null: the operator's), newest first. */
export async function listSubmissions(k: Kysely<Database>, workspaceId: string | null, formId: string | null, limit: number, cursor?: string): Promise<SubmissionRow[]> {
  let q = k.selectFrom('form_submissions').selectAll();
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  if (formId) q = q.where('form_id', '=', formId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function findSubmission(k: Kysely<Database>, workspaceId: string | null, id: string): Promise<SubmissionRow | undefined> {
  const q = k.selectFrom('form_submissions').selectAll().where('id', '=', id);
  return (workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId)).executeTakeFirst();
}

export async function updateSubmission(k: Kysely<Database>, workspaceId: string | null, id: string, patch: Partial<FormSubmissionsTable>): Promise<void> {
  const q = k.updateTable('form_submissions').set(patch).where('id', '=', id);
  await (workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId)).execute();
}

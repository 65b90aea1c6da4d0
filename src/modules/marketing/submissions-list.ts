/** Reading submissions back: a workspace's per form, the operator's demo requests (workspaceId null). */
import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import * as formsRepo from './forms-repo.js';
import type { SubmissionConsent, SubmissionView } from './forms-schema.js';
import type { SubmissionStatus } from './forms-tables.js';
import * as repo from './submissions-repo.js';

export function toSubmissionView(r: repo.SubmissionRow): SubmissionView {
  return {
    id: r.id,
    formId: r.form_id,
    contactId: r.contact_id,
    email: r.email,
    answers: JSON.parse(r.answers) as SubmissionView['answers'],
    consents: JSON.parse(r.consents) as SubmissionConsent[],
    assigneeId: r.assignee_id,
    taskId: r.task_id,
    status: r.status,
    createdAt: r.created_at,
  };
}

export async function listSubmissions(ctx: AppContext, workspaceId: string | null, formId: string | null, limit: number, cursor?: string): Promise<{ data: SubmissionView[]; nextCursor: string | null }> {
  if (formId && !(await formsRepo.findForm(ctx.db.k, workspaceId, formId))) throw notFound('Form');
  const rows = await repo.listSubmissions(ctx.db.k, workspaceId, formId, limit, cursor);
  return { data: rows.map(toSubmissionView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function setSubmissionStatus(ctx: AppContext, workspaceId: string | null, id: string, patch: { status?: SubmissionStatus | undefined; assigneeId?: string | undefined }): Promise<SubmissionView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const row = await repo.findSubmission(trx, workspaceId, id);
    if (!row) throw notFound('Submission');
    const next = { status: patch.status ?? row.status, assignee_id: patch.assigneeId ?? row.assignee_id };
    await repo.updateSubmission(trx, workspaceId, id, next);
    return toSubmissionView({ ...row, ...next });
  });
}

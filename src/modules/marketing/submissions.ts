/**
 * A form submission (issue 6 item 7): the contact created or updated, a consent record per ticked
 * box with the exact wording version, and a follow-up task for the next owner of the form's pool.
 * On the operator's own demo form (no workspace) the submission itself is the demo request.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { DAY } from '../../lib/clock.js';
import * as audit from '../audit/service.js';
import type { Actor } from '../audit/service.js';
import * as activities from '../crm/activities-service.js';
import * as contacts from '../crm/contacts-service.js';
import type { ContactInput } from '../crm/schema.js';
import { linkVisitor } from '../analytics/link.js';
import { recordConsent, type ConsentSubject } from '../privacy/consent.js';
import { VISITOR_ID } from '../privacy/consent-public.js';
import * as workspaces from '../workspaces/service.js';
import * as formsRepo from './forms-repo.js';
import { poolOf, publicForm } from './forms-service.js';
import { AGE_KEY, assertAge } from './forms-age.js';
import { FORM_CONSENT_PURPOSES, HONEYPOT, SHOWN_VERSION_PREFIX } from './forms-schema.js';
import { readSubmission, ticked, type ReadSubmission } from './submissions-answers.js';
import * as repo from './submissions-repo.js';

export interface SubmissionMeta {
  ipTruncated: string | null;
  userAgent: string | null;
}

export interface SubmitResult {
  id: string;
  /** False when the honeypot was filled: the caller answers as if stored, a bot learns nothing. */
  stored: boolean;
  contactId: string | null;
  assigneeId: string | null;
  taskId: string | null;
}

/** The next owner in turn among those still allowed to get the work (members, or operators on the platform form). */
async function pickOwner(k: Kysely<Database>, form: formsRepo.FormRow): Promise<string | null> {
  const turn = await formsRepo.nextTurn(k, form.id);
  let pool = poolOf(form);
  if (form.workspace_id === null) {
    const operators = await formsRepo.operatorIds(k);
    pool = pool.length ? pool.filter((id) => operators.includes(id)) : operators;
  } else {
    const ws = form.workspace_id;
    const eligible: string[] = [];
    for (const id of pool) if (await workspaces.isMember(k, ws, id)) eligible.push(id);
    pool = eligible;
  }
  return pool.length ? (pool[(turn - 1) % pool.length] ?? null) : null;
}

/** Creates the contact, or fills the existing one's fields with the non-empty answers (an empty answer never clears a value). */
async function upsertContact(ctx: AppContext, trx: Kysely<Database>, scope: WorkspaceScope, read: ReadSubmission, ownerId: string | null): Promise<{ id: string; restricted: boolean }> {
  const values: ContactInput = { ...read.contact, ...(Object.keys(read.custom).length ? { customFields: read.custom } : {}) };
  const existing = read.email ? await repo.contactByEmail(trx, scope.workspaceId, read.email) : undefined;
  if (!existing) {
    const created = await contacts.create(ctx, scope, { ...values, source: 'form', ownerId }, { trx });
    return { id: created.id, restricted: false };
  }
  const current = await contacts.getIn(trx, scope, existing.id);
  if (!current) throw new Error('contact vanished inside its transaction');
  // A restricted subject's record is not used (policy §6): the submission and consent are kept, the record is not changed.
  if (current.restricted) return { id: existing.id, restricted: true };
  // The first source is kept: it says how the contact was acquired.
  if (!current.source) values.source = 'form';
  if (Object.keys(values).length) await contacts.update(ctx, scope, existing.id, values, { trx, skipCustomRequired: true });
  return { id: existing.id, restricted: false };
}

/**
 * A page rendered before the wording changed showed the older words: the consent is recorded
 * with the version the page names, when that is a version of this very box.
 */
async function shownVersions(ctx: AppContext, formId: string, read: ReadSubmission, body: Record<string, unknown>): Promise<void> {
  for (const c of read.consents) {
    const shown = body[`${SHOWN_VERSION_PREFIX}${c.key}`];
    if (typeof shown !== 'string' || shown === c.versionId) continue;
    const v = await formsRepo.findVersion(ctx.db.k, formId, c.key, shown);
    const purpose = FORM_CONSENT_PURPOSES.find((p) => p === v?.purpose);
    if (v && purpose) {
      c.versionId = v.id;
      c.purpose = purpose;
    }
  }
}

function formScope(workspaceId: string, actor: Actor): WorkspaceScope {
  return { workspaceId, role: null, userId: null, actor, can: () => false };
}

export async function submit(ctx: AppContext, formId: string, body: Record<string, unknown>, meta: SubmissionMeta): Promise<SubmitResult> {
  const { row: form, view } = await publicForm(ctx, formId);
  const id = newId('fsb', ctx.clock.now().getTime());
  const honey = body[HONEYPOT];
  if (typeof honey === 'string' && honey.trim() !== '') return { id, stored: false, contactId: null, assigneeId: null, taskId: null };

  const read = readSubmission(view.fields, view.consents, body);
  // Policy §12 before anything else is looked at or stored: a refusal leaves no trace but the 400.
  assertAge(form.age_gate === 1, view.fields, body, ctx.clock.now(), ticked(body[AGE_KEY]), read.problems);
  const visitorId = typeof body.visitorId === 'string' && VISITOR_ID.test(body.visitorId) ? body.visitorId : null;
  if (read.problems.length) throw badRequest('validation_failed', 'Some fields are missing or invalid', read.problems);
  await shownVersions(ctx, form.id, read, body);
  const actor: Actor = { type: 'subject', id: null };
  const at = ctx.clock.now().toISOString();

  const done = await ctx.db.k.transaction().execute(async (trx) => {
    const assigneeId = await pickOwner(trx, form);
    let contact: { id: string; restricted: boolean } | null = null;
    let subject: ConsentSubject | null = null;
    if (form.workspace_id !== null) {
      if (read.email) await repo.lockAddress(trx, ctx.db.dialect, form.workspace_id, read.email);
      contact = await upsertContact(ctx, trx, formScope(form.workspace_id, actor), read, assigneeId);
      subject = { workspaceId: form.workspace_id, contactId: contact.id };
    } else {
      // The operator's demo form: consent attaches to the visitor id, and the submission row keeps it
      // with its wording version. Never to an account found by the typed address: anyone can type
      // anyone's address, and a grant without proof would opt a stranger in (as consent-public.ts refuses).
      subject = visitorId ? { workspaceId: null, visitorId } : null;
    }
    if (subject) {
      for (const c of read.consents) {
        if (!c.granted) continue;
        await recordConsent(ctx, subject, { purpose: c.purpose, granted: true, source: 'form', wordingVersion: c.versionId, ipTruncated: meta.ipTruncated ?? undefined, userAgent: meta.userAgent ?? undefined }, { actor, trx });
      }
    }
    if (visitorId && contact) await linkVisitor(ctx, { workspaceId: form.workspace_id, visitorId, contactId: contact.id }, trx);
    await repo.insertSubmission(trx, {
      id,
      form_id: form.id,
      workspace_id: form.workspace_id,
      contact_id: contact?.id ?? null,
      email: read.email,
      answers: JSON.stringify(read.answers),
      consents: JSON.stringify(read.consents),
      visitor_id: visitorId,
      ip_truncated: meta.ipTruncated,
      user_agent: meta.userAgent,
      assignee_id: assigneeId,
      task_id: null,
      status: 'new',
      created_at: at,
    });
    // Ids and purposes only: the audit log holds no personal values (invariant 4).
    const granted = read.consents.filter((c) => c.granted).map((c) => c.purpose);
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId: form.workspace_id, action: 'form.submitted', target: { type: 'form_submission', id }, details: { form: form.id, contact: contact?.id ?? null, consents: granted } }, trx);
    return { contact, assigneeId };
  });

  // The task goes through the CRM's own service (its own transaction, its audit and timeline).
  let taskId: string | null = null;
  if (form.workspace_id !== null && done.contact && !done.contact.restricted) {
    const task = await activities.create(ctx, formScope(form.workspace_id, actor), {
      type: 'task',
      subject: `Follow up: ${form.name}`.slice(0, 200),
      body: `Submitted through the form “${form.name}” (submission ${id}).`,
      dueAt: new Date(ctx.clock.now().getTime() + DAY).toISOString(),
      assigneeId: done.assigneeId,
      contactId: done.contact.id,
    });
    taskId = task.id;
    await repo.setTask(ctx.db.k, id, taskId);
  }
  return { id, stored: true, contactId: done.contact?.id ?? null, assigneeId: done.assigneeId, taskId };
}

/**
 * Form definitions (issue 6 item 7): fields, consent checkboxes whose wording is versioned, the
 * owner pool. A workspace builds its own; `workspaceId: null` is the operator's form (demo.ts).
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { badRequest, notFound, type FieldProblem } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../audit/service.js';
import * as audit from '../audit/service.js';
import { listDefs } from '../crm/custom-fields.js';
import * as workspaces from '../workspaces/service.js';
import * as repo from './forms-repo.js';
import { publicAgeGate } from './forms-age.js';
import { HONEYPOT, type FormConsentInput, type FormConsentView, type FormCreate, type FormField, type FormPatch, type FormView, type PublicFormView } from './forms-schema.js';
import type { FormsTable } from './forms-tables.js';

export interface FormOwner {
  /** Null: the operator's own forms. */
  workspaceId: string | null;
  actor: Actor;
  userId: string | null;
}

interface StoredConsent {
  key: string;
  purpose: FormConsentInput['purpose'];
  versionId: string;
}

const parse = <T>(s: string): T => JSON.parse(s) as T;

export const fieldsOf = (r: repo.FormRow): FormField[] => parse<FormField[]>(r.fields);
export const poolOf = (r: repo.FormRow): string[] => parse<string[]>(r.owner_pool);

/** The consent boxes of a form with the words of the version in force. */
export async function consentsOf(k: Kysely<Database>, r: repo.FormRow): Promise<FormConsentView[]> {
  const stored = parse<StoredConsent[]>(r.consents);
  const versions = await repo.versionsByIds(k, stored.map((c) => c.versionId));
  return stored.flatMap((c) => {
    const v = versions.get(c.versionId);
    return v ? [{ key: c.key, purpose: c.purpose, text: { en: v.text_en, id: v.text_id }, versionId: v.id }] : [];
  });
}

export const hostedPath = (id: string): string => `/f/${id}`;

async function toView(ctx: AppContext, k: Kysely<Database>, r: repo.FormRow): Promise<FormView> {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    fields: fieldsOf(r),
    consents: await consentsOf(k, r),
    ownerPool: poolOf(r),
    ageGate: r.age_gate === 1,
    hostedUrl: new URL(hostedPath(r.id), ctx.config.baseUrl).toString(),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Rules zod cannot express: unique keys, select options, one field per contact target, a published form must ask for an email. */
async function check(k: Kysely<Database>, owner: FormOwner, f: { status: string; fields: FormField[]; consents: FormConsentInput[]; ownerPool: string[] }): Promise<void> {
  const details: FieldProblem[] = [];
  const keys = new Set<string>();
  const targets = new Set<string>();
  let birthdates = 0;
  f.fields.forEach((field, i) => {
    if (keys.has(field.key)) details.push({ field: `body.fields.${i}.key`, message: 'used twice' });
    keys.add(field.key);
    if (field.type === 'select' && field.options.length === 0) details.push({ field: `body.fields.${i}.options`, message: 'a select field needs options' });
    if (field.type === 'birthdate' && ++birthdates > 1) details.push({ field: `body.fields.${i}.type`, message: 'a form asks for one birth date at most' });
    if (field.type !== 'select' && field.options.length > 0) details.push({ field: `body.fields.${i}.options`, message: 'only select fields have options' });
    if (field.mapsTo) {
      if (targets.has(field.mapsTo)) details.push({ field: `body.fields.${i}.mapsTo`, message: `${field.mapsTo} is filled by another field already` });
      targets.add(field.mapsTo);
      if (field.type === 'checkbox' || field.type === 'select' || field.type === 'birthdate') details.push({ field: `body.fields.${i}.mapsTo`, message: 'only text, email and phone answers fill contact fields' });
      if (field.mapsTo === 'email' && field.type !== 'email') details.push({ field: `body.fields.${i}.type`, message: 'the field filling the email must be of type email' });
    }
  });
  f.consents.forEach((c, i) => {
    if (keys.has(c.key)) details.push({ field: `body.consents.${i}.key`, message: 'used twice' });
    keys.add(c.key);
  });
  if (f.status === 'published' && !f.fields.some((x) => x.mapsTo === 'email' && x.required)) {
    details.push({ field: 'body.fields', message: 'a published form needs a required email field filling the contact’s email' });
  }
  await checkCustomFields(k, owner, f, details);
  const pool = new Set<string>();
  for (const [i, id] of f.ownerPool.entries()) {
    if (pool.has(id)) details.push({ field: `body.ownerPool.${i}`, message: 'listed twice' });
    pool.add(id);
    const ok = owner.workspaceId === null ? (await repo.operatorIds(k)).includes(id) : await workspaces.isMember(k, owner.workspaceId, id);
    if (!ok) details.push({ field: `body.ownerPool.${i}`, message: owner.workspaceId === null ? 'not a platform operator' : 'not a member of this workspace' });
  }
  if (details.length) throw badRequest('validation_failed', 'Some fields are missing or invalid', details);
}

/**
 * Answers fill existing contact custom fields only; a published form must ask, as required, for
 * every custom field the workspace requires, or no submission could make a contact.
 */
async function checkCustomFields(k: Kysely<Database>, owner: FormOwner, f: { status: string; fields: FormField[] }, details: FieldProblem[]): Promise<void> {
  const defs = owner.workspaceId === null ? [] : await listDefs(k, owner.workspaceId, 'contact');
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const seen = new Set<string>();
  const filled = new Set<string>();
  f.fields.forEach((field, i) => {
    if (!field.customField) return;
    if (!byKey.has(field.customField)) details.push({ field: `body.fields.${i}.customField`, message: 'no such contact custom field' });
    else if (seen.has(field.customField)) details.push({ field: `body.fields.${i}.customField`, message: 'filled by another field already' });
    seen.add(field.customField);
    if (field.required) filled.add(field.customField);
  });
  if (f.status !== 'published') return;
  const missing = defs.filter((d) => d.required && !filled.has(d.key)).map((d) => d.key);
  if (missing.length) details.push({ field: 'body.fields', message: `a published form must ask, as required, for the required custom fields ${missing.join(', ')}` });
}

/** Keeps the version of unchanged wording; a changed text or purpose becomes a new version (versions are never edited). */
export async function versionConsents(ctx: AppContext, k: Kysely<Database>, form: { id: string; workspace_id: string | null }, consents: FormConsentInput[]): Promise<StoredConsent[]> {
  const out: StoredConsent[] = [];
  for (const c of consents) {
    const last = await repo.latestVersion(k, form.id, c.key);
    if (last && last.purpose === c.purpose && last.text_en === c.text.en && last.text_id === c.text.id) {
      out.push({ key: c.key, purpose: c.purpose, versionId: last.id });
      continue;
    }
    const id = newId('fcv', ctx.clock.now().getTime());
    await repo.insertVersion(k, { id, form_id: form.id, workspace_id: form.workspace_id, consent_key: c.key, purpose: c.purpose, text_en: c.text.en, text_id: c.text.id, created_at: ctx.clock.now().toISOString() });
    out.push({ key: c.key, purpose: c.purpose, versionId: id });
  }
  return out;
}

export async function createForm(ctx: AppContext, owner: FormOwner, input: FormCreate): Promise<FormView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    await check(trx, owner, input);
    const at = ctx.clock.now().toISOString();
    const row: FormsTable = {
      id: newId('frm', ctx.clock.now().getTime()),
      workspace_id: owner.workspaceId,
      name: input.name,
      kind: input.kind,
      status: input.status,
      fields: JSON.stringify(input.fields),
      consents: '[]',
      owner_pool: JSON.stringify(input.ownerPool),
      rr_counter: 0,
      age_gate: input.ageGate ? 1 : 0,
      created_by: owner.userId,
      created_at: at,
      updated_at: at,
    };
    await repo.insertForm(trx, row);
    row.consents = JSON.stringify(await versionConsents(ctx, trx, row, input.consents));
    await repo.updateForm(trx, owner.workspaceId, row.id, { consents: row.consents });
    await audit.record(ctx.db, ctx.clock, { actor: owner.actor, workspaceId: owner.workspaceId, action: 'form.created', target: { type: 'form', id: row.id }, details: { kind: row.kind } }, trx);
    return toView(ctx, trx, row);
  });
}

export async function getForm(ctx: AppContext, owner: FormOwner, id: string): Promise<FormView> {
  const row = await repo.findForm(ctx.db.k, owner.workspaceId, id);
  if (!row) throw notFound('Form');
  return toView(ctx, ctx.db.k, row);
}

export async function listForms(ctx: AppContext, owner: FormOwner, limit: number, cursor?: string): Promise<{ data: FormView[]; nextCursor: string | null }> {
  const rows = await repo.listForms(ctx.db.k, owner.workspaceId, limit, cursor);
  const data = [];
  for (const r of rows) data.push(await toView(ctx, ctx.db.k, r));
  return { data, nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function updateForm(ctx: AppContext, owner: FormOwner, id: string, input: FormPatch): Promise<FormView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const row = await repo.findForm(trx, owner.workspaceId, id);
    if (!row) throw notFound('Form');
    const current = await consentsOf(trx, row);
    const next = {
      status: input.status ?? row.status,
      fields: input.fields ?? fieldsOf(row),
      consents: input.consents ?? current.map(({ key, purpose, text }) => ({ key, purpose, text })),
      ownerPool: input.ownerPool ?? poolOf(row),
    };
    await check(trx, owner, next);
    const patch: Partial<FormsTable> = {
      name: input.name ?? row.name,
      kind: input.kind ?? row.kind,
      status: next.status,
      fields: JSON.stringify(next.fields),
      consents: input.consents ? JSON.stringify(await versionConsents(ctx, trx, row, input.consents)) : row.consents,
      owner_pool: JSON.stringify(next.ownerPool),
      age_gate: input.ageGate === undefined ? row.age_gate : input.ageGate ? 1 : 0,
      updated_at: ctx.clock.now().toISOString(),
    };
    await repo.updateForm(trx, owner.workspaceId, id, patch);
    await audit.record(ctx.db, ctx.clock, { actor: owner.actor, workspaceId: owner.workspaceId, action: 'form.updated', target: { type: 'form', id }, details: { fields: Object.keys(input) } }, trx);
    return toView(ctx, trx, { ...row, ...patch });
  });
}

export async function deleteForm(ctx: AppContext, owner: FormOwner & { workspaceId: string }, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.deleteForm(trx, owner.workspaceId, id))) throw notFound('Form');
    await audit.record(ctx.db, ctx.clock, { actor: owner.actor, workspaceId: owner.workspaceId, action: 'form.deleted', target: { type: 'form', id } }, trx);
  });
}

/** A published form as pages render it; drafts and archived forms are not found. */
export async function publicForm(ctx: AppContext, id: string): Promise<{ row: repo.FormRow; view: PublicFormView }> {
  const row = await repo.findAnyForm(ctx.db.k, id);
  if (!row || row.status !== 'published') throw notFound('Form');
  const view: PublicFormView = {
    id: row.id,
    kind: row.kind,
    fields: fieldsOf(row),
    consents: await consentsOf(ctx.db.k, row),
    submitUrl: new URL(`/public/v1/forms/${row.id}/submissions`, ctx.config.baseUrl).toString(),
    honeypot: HONEYPOT,
    ageGate: publicAgeGate(row.age_gate === 1, fieldsOf(row)),
  };
  return { row, view };
}

import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { WorkspaceScope } from '../../http/auth.js';
import * as audit from '../audit/service.js';
import type { FieldType } from './list-query.js';

export const CRM_OBJECTS = ['contact', 'company', 'deal'] as const;
export type CrmObject = (typeof CRM_OBJECTS)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi_select', 'boolean', 'url', 'email', 'phone', 'currency'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldDef {
  id: string;
  object: CrmObject;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  position: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Database['custom_field_defs'];

function view(r: Row): CustomFieldDef {
  return {
    id: r.id,
    object: r.object as CrmObject,
    key: r.key,
    label: r.label,
    type: r.type as CustomFieldType,
    options: JSON.parse(r.options) as string[],
    required: r.required === 1,
    position: r.position,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listDefs(k: Kysely<Database>, workspaceId: string, object?: CrmObject): Promise<CustomFieldDef[]> {
  let q = k.selectFrom('custom_field_defs').selectAll().where('workspace_id', '=', workspaceId);
  if (object) q = q.where('object', '=', object);
  return (await q.orderBy('object').orderBy('position').orderBy('id').execute()).map(view);
}

/** How list filters and sorting read a custom field's JSON value. */
export function filterType(t: CustomFieldType): FieldType {
  switch (t) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'multi_select':
      return 'tags';
    case 'currency':
    case 'text':
    case 'select':
    case 'url':
    case 'email':
    case 'phone':
      return 'text';
  }
}

export async function typeLookup(k: Kysely<Database>, workspaceId: string, object: CrmObject): Promise<(key: string) => FieldType | undefined> {
  const defs = await listDefs(k, workspaceId, object);
  const map = new Map(defs.map((d) => [d.key, filterType(d.type)]));
  return (key) => map.get(key);
}

export interface DefInput {
  object: CrmObject;
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[] | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
}

export async function createDef(ctx: AppContext, scope: WorkspaceScope, input: DefInput): Promise<CustomFieldDef> {
  if ((input.type === 'select' || input.type === 'multi_select') && !input.options?.length) {
    throw badRequest('validation_failed', 'Select fields need options', [{ field: 'body.options', message: 'at least one option' }]);
  }
  const existing = await ctx.db.k
    .selectFrom('custom_field_defs')
    .select('id')
    .where('workspace_id', '=', scope.workspaceId)
    .where('object', '=', input.object)
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (existing) throw conflict('field_exists', `A ${input.object} field with key ${input.key} exists`);
  const at = ctx.clock.now().toISOString();
  const row: Row = {
    id: newId('cf'),
    workspace_id: scope.workspaceId,
    object: input.object,
    key: input.key,
    label: input.label,
    type: input.type,
    options: JSON.stringify(input.options ?? []),
    required: input.required ? 1 : 0,
    position: input.position ?? 0,
    created_at: at,
    updated_at: at,
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.insertInto('custom_field_defs').values(row).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'custom_field.created', target: { type: 'custom_field', id: row.id }, details: { object: input.object, key: input.key, type: input.type } }, trx);
  });
  return view(row);
}

export async function updateDef(ctx: AppContext, scope: WorkspaceScope, id: string, patch: { label?: string | undefined; options?: string[] | undefined; required?: boolean | undefined; position?: number | undefined }): Promise<CustomFieldDef> {
  const row = await ctx.db.k.selectFrom('custom_field_defs').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Custom field');
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx
      .updateTable('custom_field_defs')
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.options !== undefined ? { options: JSON.stringify(patch.options) } : {}),
        ...(patch.required !== undefined ? { required: patch.required ? 1 : 0 } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'custom_field.updated', target: { type: 'custom_field', id }, details: { fields: Object.keys(patch) } }, trx);
  });
  return view((await ctx.db.k.selectFrom('custom_field_defs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

export async function deleteDef(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('custom_field_defs').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('Custom field');
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'custom_field.deleted', target: { type: 'custom_field', id } }, trx);
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{6,40}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validateOne(def: CustomFieldDef, v: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (def.type) {
    case 'text':
      return typeof v === 'string' && v.length <= 10_000 ? { ok: true, value: v } : { ok: false, message: 'must be text up to 10,000 characters' };
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v } : { ok: false, message: 'must be a number' };
    case 'date':
      return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? { ok: true, value: v } : { ok: false, message: 'must be a date YYYY-MM-DD' };
    case 'select':
      return typeof v === 'string' && def.options.includes(v) ? { ok: true, value: v } : { ok: false, message: `must be one of ${def.options.join(', ')}` };
    case 'multi_select':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && def.options.includes(x)) ? { ok: true, value: [...new Set(v as string[])] } : { ok: false, message: `must be a list of ${def.options.join(', ')}` };
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, message: 'must be true or false' };
    case 'url':
      try {
        const u = new URL(String(v));
        return u.protocol === 'http:' || u.protocol === 'https:' ? { ok: true, value: u.toString() } : { ok: false, message: 'must be an http(s) URL' };
      } catch {
        return { ok: false, message: 'must be a URL' };
      }
    case 'email':
      return typeof v === 'string' && EMAIL.test(v) && v.length <= 254 ? { ok: true, value: v.trim().toLowerCase() } : { ok: false, message: 'must be an email address' };
    case 'phone':
      return typeof v === 'string' && PHONE.test(v) ? { ok: true, value: v.trim() } : { ok: false, message: 'must be a phone number' };
    case 'currency': {
      const o = v as { amount?: unknown; currency?: unknown } | null;
      return o && typeof o === 'object' && typeof o.amount === 'number' && Number.isFinite(o.amount) && (o.currency === 'IDR' || o.currency === 'USD')
        ? { ok: true, value: { amount: o.amount, currency: o.currency } }
        : { ok: false, message: 'must be {amount, currency: IDR|USD}' };
    }
  }
}

/**
 * Checks custom-field values against the workspace's definitions. `existing` is the record's
 * current values (for PATCH); null removes a value. Unknown keys and bad values are a 400 naming
 * each field.
 */
export function validateValues(defs: CustomFieldDef[], input: Record<string, unknown> | undefined, existing: Record<string, unknown> = {}, requireAll = false): Record<string, unknown> {
  const out: Record<string, unknown> = { ...existing };
  const details: { field: string; message: string }[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, v] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    if (!def) {
      details.push({ field: `body.customFields.${key}`, message: 'no such custom field' });
      continue;
    }
    if (v === null) {
      delete out[key];
      continue;
    }
    const r = validateOne(def, v);
    if (r.ok) out[key] = r.value;
    else details.push({ field: `body.customFields.${key}`, message: r.message });
  }
  if (requireAll) {
    for (const d of defs) if (d.required && (out[d.key] === undefined || out[d.key] === '')) details.push({ field: `body.customFields.${d.key}`, message: 'required' });
  }
  if (details.length) throw badRequest('validation_failed', 'Some custom fields are invalid', details);
  return out;
}

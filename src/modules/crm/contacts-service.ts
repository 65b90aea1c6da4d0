import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { HttpError, badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as workspaces from '../workspaces/service.js';
import * as repo from './contacts-repo.js';
import { listDefs, typeLookup, validateValues } from './custom-fields.js';
import { emitRecordChange } from './hooks.js';
import { decodeCursor, type Filter, type Sort } from './list-query.js';
import type { ContactInput, ContactView } from './schema.js';
import { diff, recordEvent } from './timeline.js';
import { personKey, phoneDigits } from './match-keys.js';

const json = <T>(s: string): T => JSON.parse(s) as T;

export function displayName(r: { first_name: string | null; last_name: string | null; email: string | null; phone: string | null }): string {
  const n = [r.first_name, r.last_name].filter(Boolean).join(' ');
  return n || r.email || r.phone || '(no name)';
}

export function toView(r: repo.ContactRow, companyIds: string[]): ContactView {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    name: displayName(r),
    email: r.email,
    emails: json(r.emails),
    phone: r.phone,
    phones: json(r.phones),
    title: r.title,
    companyId: r.company_id,
    companyIds: companyIds.length ? companyIds : r.company_id ? [r.company_id] : [],
    address: { line1: r.address_line1, line2: r.address_line2, city: r.city, region: r.region, postalCode: r.postal_code, country: r.country },
    timeZone: r.time_zone,
    locale: r.locale,
    source: r.source,
    ownerId: r.owner_id,
    tags: json(r.tags),
    lifecycleStage: r.lifecycle_stage,
    customFields: json(r.custom_fields),
    restricted: r.restricted === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function viewOf(k: Kysely<Database>, row: repo.ContactRow): Promise<ContactView> {
  return toView(row, (await repo.companyIdsOf(k, [row.id])).get(row.id) ?? []);
}

async function checkLinks(k: Kysely<Database>, workspaceId: string, input: ContactInput): Promise<string[] | undefined> {
  const details: { field: string; message: string }[] = [];
  if (input.ownerId && !(await workspaces.isMember(k, workspaceId, input.ownerId))) details.push({ field: 'body.ownerId', message: 'not a member of this workspace' });
  let companyIds: string[] | undefined;
  if (input.companyIds !== undefined || input.companyId !== undefined) {
    companyIds = [...new Set([...(input.companyId ? [input.companyId] : []), ...(input.companyIds ?? [])])];
    const found = await repo.existingCompanyIds(k, workspaceId, companyIds);
    for (const id of companyIds) if (!found.has(id)) details.push({ field: 'body.companyIds', message: `no company ${id.slice(0, 40)} in this workspace` });
  }
  if (details.length) throw badRequest('validation_failed', 'Some linked records do not exist', details);
  return companyIds;
}

/** Columns from API input; `base` supplies what a PATCH leaves alone. */
export function columns(input: ContactInput, base?: repo.ContactRow): Omit<repo.ContactRow, 'id' | 'workspace_id' | 'created_at' | 'updated_at' | 'restricted' | 'import_id' | 'custom_fields'> {
  const pick = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v);
  const a = input.address ?? {};
  const emails = input.emails?.map((e) => ({ ...e, email: e.email.toLowerCase() }));
  const phones = input.phones;
  const email = input.email === undefined ? (emails?.[0]?.email ?? base?.email ?? null) : input.email?.toLowerCase() ?? null;
  const phone = input.phone === undefined ? (phones?.[0]?.phone ?? base?.phone ?? null) : input.phone;
  return {
    first_name: pick(input.firstName, base?.first_name ?? null) || null,
    last_name: pick(input.lastName, base?.last_name ?? null) || null,
    email,
    emails: emails ? JSON.stringify(emails) : (base?.emails ?? JSON.stringify(email ? [{ email }] : [])),
    phone,
    phones: phones ? JSON.stringify(phones) : (base?.phones ?? JSON.stringify(phone ? [{ phone }] : [])),
    title: pick(input.title, base?.title ?? null),
    company_id: input.companyId !== undefined ? input.companyId : input.companyIds ? (input.companyIds[0] ?? null) : (base?.company_id ?? null),
    address_line1: pick(a.line1, base?.address_line1 ?? null),
    address_line2: pick(a.line2, base?.address_line2 ?? null),
    city: pick(a.city, base?.city ?? null),
    region: pick(a.region, base?.region ?? null),
    postal_code: pick(a.postalCode, base?.postal_code ?? null),
    country: pick(a.country, base?.country ?? null),
    time_zone: pick(input.timeZone, base?.time_zone ?? null),
    locale: pick(input.locale, base?.locale ?? null),
    source: pick(input.source, base?.source ?? null),
    owner_id: pick(input.ownerId, base?.owner_id ?? null),
    tags: input.tags ? JSON.stringify([...new Set(input.tags)]) : (base?.tags ?? '[]'),
    lifecycle_stage: input.lifecycleStage ?? base?.lifecycle_stage ?? 'lead',
    phone_digits: phoneDigits(phone),
    name_key: personKey(pick(input.firstName, base?.first_name ?? null), pick(input.lastName, base?.last_name ?? null)),
  };
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: ContactInput, opts: { importId?: string; trx?: Kysely<Database> } = {}): Promise<ContactView> {
  const run = async (trx: Kysely<Database>): Promise<ContactView> => {
    const cols = columns(input);
    if (!cols.first_name && !cols.last_name && !cols.email && !cols.phone) {
      throw badRequest('validation_failed', 'A contact needs a name, an email or a phone', [{ field: 'body.firstName', message: 'name, email or phone required' }]);
    }
    const companyIds = await checkLinks(trx, scope.workspaceId, input);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'contact'), input.customFields, {}, true);
    const at = ctx.clock.now().toISOString();
    const row: repo.ContactRow = { id: newId('ct'), workspace_id: scope.workspaceId, ...cols, custom_fields: JSON.stringify(custom), restricted: 0, import_id: opts.importId ?? null, created_at: at, updated_at: at };
    await repo.insert(trx, row);
    if (companyIds?.length) await repo.setCompanies(trx, scope.workspaceId, row.id, companyIds, at);
    const view = toView(row, companyIds ?? []);
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'contact', objectId: row.id, kind: 'created', actor: scope.actor, at });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'contact.created', target: { type: 'contact', id: row.id }, details: opts.importId ? { importId: opts.importId } : undefined }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'contact', id: row.id, kind: 'created', record: view, changedFields: [], actor: scope.actor });
    return view;
  };
  return opts.trx ? run(opts.trx) : ctx.db.k.transaction().execute(run);
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ContactView> {
  const row = await repo.findById(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Contact');
  return viewOf(ctx.db.k, row);
}

/** A contact inside a running transaction (merge), or undefined. */
export async function getIn(k: Kysely<Database>, scope: WorkspaceScope, id: string): Promise<ContactView | undefined> {
  const row = await repo.findById(k, scope.workspaceId, id);
  return row ? viewOf(k, row) : undefined;
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: ContactInput, opts: { trx?: Kysely<Database>; skipCustomRequired?: boolean } = {}): Promise<ContactView> {
  const run = async (trx: Kysely<Database>): Promise<ContactView> => {
    const row = await repo.findById(trx, scope.workspaceId, id);
    if (!row) throw notFound('Contact');
    assertWritable(scope, row);
    const before = await viewOf(trx, row);
    const companyIds = await checkLinks(trx, scope.workspaceId, input);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'contact'), input.customFields, before.customFields, !opts.skipCustomRequired);
    const at = ctx.clock.now().toISOString();
    const cols = columns(input, row);
    await repo.update(trx, scope.workspaceId, id, { ...cols, custom_fields: JSON.stringify(custom), updated_at: at });
    if (companyIds) await repo.setCompanies(trx, scope.workspaceId, id, companyIds, at);
    const after = await viewOf(trx, (await repo.findById(trx, scope.workspaceId, id))!);
    const changes = diff(before, after, ['updatedAt', 'name']);
    const fields = Object.keys(changes);
    if (fields.length) {
      await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'contact', objectId: id, kind: 'updated', changes, actor: scope.actor, at });
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'contact.updated', target: { type: 'contact', id }, details: { fields } }, trx);
      await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'contact', id, kind: 'updated', record: after, changedFields: fields, actor: scope.actor });
    }
    return after;
  };
  return opts.trx ? run(opts.trx) : ctx.db.k.transaction().execute(run);
}

/** A restricted subject's record is read-only for everyone but the privacy officer (policy §6). */
export function assertWritable(scope: WorkspaceScope, row: { restricted: number }): void {
  if (row.restricted === 1 && !scope.can('privacy.manage')) {
    throw new HttpError(409, 'subject_restricted', 'Processing of this contact is restricted at the subject’s request; only a privacy officer may change it');
  }
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const row = await repo.findById(trx, scope.workspaceId, id);
    if (!row) throw notFound('Contact');
    assertWritable(scope, row);
    const before = await viewOf(trx, row);
    await repo.remove(trx, scope.workspaceId, id);
    // Field history holds the contact's values: it goes with the contact.
    await trx.deleteFrom('timeline_events').where('workspace_id', '=', scope.workspaceId).where('object_type', '=', 'contact').where('object_id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'contact.deleted', target: { type: 'contact', id } }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'contact', id, kind: 'deleted', record: before, changedFields: [], actor: scope.actor });
  });
}

export interface ListInput {
  filters: Filter[];
  sort: Sort | null;
  cursor?: string | undefined;
  limit: number;
  ids?: string[] | undefined;
}

export async function list(ctx: AppContext, scope: WorkspaceScope, input: ListInput): Promise<{ data: ContactView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await repo.list(ctx.db.k, {
    workspaceId: scope.workspaceId,
    dialect: ctx.db.dialect,
    filters: input.filters,
    sort: input.sort,
    cursor: input.cursor ? decodeCursor(input.cursor) : null,
    limit: input.limit,
    custom: await typeLookup(ctx.db.k, scope.workspaceId, 'contact'),
    ids: input.ids,
  });
  const companies = await repo.companyIdsOf(ctx.db.k, rows.map((r) => r.id));
  return { data: rows.map((r) => toView(r, companies.get(r.id) ?? [])), nextCursor };
}

export { CONTACT_FIELDS, existingCompanyIds } from './contacts-repo.js';
export { createMany, type CreateManyOptions } from './contacts-bulk.js';

/** Which of these ids are contacts of the workspace (a foreign id must never link). */
export async function existingContactIds(k: Kysely<Database>, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** For the email and ad audience syncs: contacts with an email, a page at a time by id. */
export function contactsWithEmail(ctx: AppContext, workspaceId: string, after: string | null, limit: number) {
  return repo.withEmailPage(ctx.db.k, workspaceId, after, limit);
}

/** The ids of the contacts with this address, read in the caller's transaction when it passes one. */
export function contactIdsWithEmail(k: Kysely<Database>, workspaceId: string, email: string): Promise<{ id: string }[]> {
  return repo.idsWithEmail(k, workspaceId, email);
}

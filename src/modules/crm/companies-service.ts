import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as workspaces from '../workspaces/service.js';
import * as repo from './companies-repo.js';
import type { ListInput } from './contacts-service.js';
import { listDefs, typeLookup, validateValues } from './custom-fields.js';
import { emitRecordChange } from './hooks.js';
import { decodeCursor } from './list-query.js';
import type { CompanyInput, CompanyView } from './schema.js';
import { diff, recordEvent } from './timeline.js';
import { companyKey } from './match-keys.js';

export function toView(r: repo.CompanyRow, contactCount?: number): CompanyView {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    size: r.size,
    phone: r.phone,
    address: { line1: r.address_line1, line2: r.address_line2, city: r.city, region: r.region, postalCode: r.postal_code, country: r.country },
    ownerId: r.owner_id,
    tags: JSON.parse(r.tags) as string[],
    customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
    ...(contactCount !== undefined ? { contactCount } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function columns(input: CompanyInput, base?: repo.CompanyRow) {
  const pick = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v);
  const a = input.address ?? {};
  return {
    name: input.name ?? base?.name ?? '',
    domain: pick(input.domain, base?.domain ?? null),
    industry: pick(input.industry, base?.industry ?? null),
    size: pick(input.size, base?.size ?? null),
    phone: pick(input.phone, base?.phone ?? null),
    address_line1: pick(a.line1, base?.address_line1 ?? null),
    address_line2: pick(a.line2, base?.address_line2 ?? null),
    city: pick(a.city, base?.city ?? null),
    region: pick(a.region, base?.region ?? null),
    postal_code: pick(a.postalCode, base?.postal_code ?? null),
    country: pick(a.country, base?.country ?? null),
    owner_id: pick(input.ownerId, base?.owner_id ?? null),
    tags: input.tags ? JSON.stringify([...new Set(input.tags)]) : (base?.tags ?? '[]'),
    name_key: companyKey(input.name ?? base?.name),
  };
}

async function checkOwner(k: Kysely<Database>, workspaceId: string, ownerId: string | null | undefined): Promise<void> {
  if (ownerId && !(await workspaces.isMember(k, workspaceId, ownerId))) {
    throw badRequest('validation_failed', 'The owner is not a member of this workspace', [{ field: 'body.ownerId', message: 'not a member of this workspace' }]);
  }
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: CompanyInput, opts: { importId?: string; trx?: Kysely<Database> } = {}): Promise<CompanyView> {
  if (!input.name) throw badRequest('validation_failed', 'A company needs a name', [{ field: 'body.name', message: 'Required' }]);
  const run = async (trx: Kysely<Database>): Promise<CompanyView> => {
    await checkOwner(trx, scope.workspaceId, input.ownerId);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'company'), input.customFields, {}, true);
    const at = ctx.clock.now().toISOString();
    const row: repo.CompanyRow = { id: newId('co'), workspace_id: scope.workspaceId, ...columns(input), custom_fields: JSON.stringify(custom), import_id: opts.importId ?? null, created_at: at, updated_at: at };
    await repo.insert(trx, row);
    const view = toView(row);
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'company', objectId: row.id, kind: 'created', actor: scope.actor, at });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'company.created', target: { type: 'company', id: row.id } }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'company', id: row.id, kind: 'created', record: view, changedFields: [], actor: scope.actor });
    return view;
  };
  return opts.trx ? run(opts.trx) : ctx.db.k.transaction().execute(run);
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CompanyView> {
  const row = await repo.findById(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Company');
  return toView(row, (await repo.contactCounts(ctx.db.k, [id])).get(id) ?? 0);
}

/** A company inside a running transaction (merge), or undefined. */
export async function getIn(k: Kysely<Database>, scope: WorkspaceScope, id: string): Promise<CompanyView | undefined> {
  const row = await repo.findById(k, scope.workspaceId, id);
  return row ? toView(row) : undefined;
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: CompanyInput, opts: { trx?: Kysely<Database>; skipCustomRequired?: boolean } = {}): Promise<CompanyView> {
  const run = async (trx: Kysely<Database>): Promise<CompanyView> => {
    const row = await repo.findById(trx, scope.workspaceId, id);
    if (!row) throw notFound('Company');
    await checkOwner(trx, scope.workspaceId, input.ownerId);
    const before = toView(row);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'company'), input.customFields, before.customFields, !opts.skipCustomRequired);
    const at = ctx.clock.now().toISOString();
    await repo.update(trx, scope.workspaceId, id, { ...columns(input, row), custom_fields: JSON.stringify(custom), updated_at: at });
    const after = toView((await repo.findById(trx, scope.workspaceId, id))!);
    const changes = diff(before, after);
    const fields = Object.keys(changes);
    if (fields.length) {
      await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'company', objectId: id, kind: 'updated', changes, actor: scope.actor, at });
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'company.updated', target: { type: 'company', id }, details: { fields } }, trx);
      await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'company', id, kind: 'updated', record: after, changedFields: fields, actor: scope.actor });
    }
    return after;
  };
  return opts.trx ? run(opts.trx) : ctx.db.k.transaction().execute(run);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const row = await repo.findById(trx, scope.workspaceId, id);
    if (!row) throw notFound('Company');
    await repo.remove(trx, scope.workspaceId, id);
    await trx.deleteFrom('timeline_events').where('workspace_id', '=', scope.workspaceId).where('object_type', '=', 'company').where('object_id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'company.deleted', target: { type: 'company', id } }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'company', id, kind: 'deleted', record: toView(row), changedFields: [], actor: scope.actor });
  });
}

export async function list(ctx: AppContext, scope: WorkspaceScope, input: ListInput): Promise<{ data: CompanyView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await repo.list(ctx.db.k, {
    workspaceId: scope.workspaceId,
    dialect: ctx.db.dialect,
    filters: input.filters,
    sort: input.sort,
    cursor: input.cursor ? decodeCursor(input.cursor) : null,
    limit: input.limit,
    custom: await typeLookup(ctx.db.k, scope.workspaceId, 'company'),
    ids: input.ids,
  });
  const counts = await repo.contactCounts(ctx.db.k, rows.map((r) => r.id));
  return { data: rows.map((r) => toView(r, counts.get(r.id) ?? 0)), nextCursor };
}

export { findByDomain, COMPANY_FIELDS } from './companies-repo.js';

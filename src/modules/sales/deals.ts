import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { existingCompanyIds, existingContactIds } from '../crm/contacts-service.js';
import { listDefs, typeLookup, validateValues } from '../crm/custom-fields.js';
import { emitRecordChange } from '../crm/hooks.js';
import { decodeCursor } from '../crm/list-query.js';
import type { ListInput } from '../crm/contacts-service.js';
import { diff, recordEvent } from '../crm/timeline.js';
import * as workspaces from '../workspaces/service.js';
import * as pipelines from './pipelines.js';
import * as repo from './repo.js';
import type { DealInput, DealView } from './schema.js';

const toMinor = (amount: number): number => Math.round(amount * 100);

function toView(d: repo.DealRow, stage: repo.StageRow | undefined, contactIds: string[]): DealView {
  return {
    id: d.id,
    name: d.name,
    amount: d.amount_minor / 100,
    currency: d.currency,
    pipelineId: d.pipeline_id,
    stageId: d.stage_id,
    stageName: stage?.name ?? '',
    probability: stage?.probability ?? 0,
    status: (stage?.kind ?? 'open') as DealView['status'],
    expectedCloseDate: d.expected_close_date,
    ownerId: d.owner_id,
    companyId: d.company_id,
    contactIds,
    tags: JSON.parse(d.tags) as string[],
    customFields: JSON.parse(d.custom_fields) as Record<string, unknown>,
    closedAt: d.closed_at,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

async function viewOf(k: Kysely<Database>, workspaceId: string, d: repo.DealRow): Promise<DealView> {
  return toView(d, await repo.stage(k, workspaceId, d.stage_id), (await repo.contactIdsOf(k, [d.id])).get(d.id) ?? []);
}

async function checkLinks(k: Kysely<Database>, workspaceId: string, input: DealInput): Promise<void> {
  const details: { field: string; message: string }[] = [];
  if (input.ownerId && !(await workspaces.isMember(k, workspaceId, input.ownerId))) details.push({ field: 'body.ownerId', message: 'not a member of this workspace' });
  if (input.companyId && !(await existingCompanyIds(k, workspaceId, [input.companyId])).has(input.companyId)) details.push({ field: 'body.companyId', message: 'no such company in this workspace' });
  if (input.contactIds?.length) {
    const found = await existingContactIds(k, workspaceId, input.contactIds);
    if (found.size !== new Set(input.contactIds).size) details.push({ field: 'body.contactIds', message: 'some contacts are not in this workspace' });
  }
  if (details.length) throw badRequest('validation_failed', 'Some linked records do not exist', details);
}

/** The stage a write asks for, checked to belong to the pipeline and workspace. */
async function resolveStage(ctx: AppContext, k: Kysely<Database>, scope: WorkspaceScope, pipelineId: string | undefined, stageId: string | undefined): Promise<repo.StageRow> {
  if (stageId) {
    const s = await repo.stage(k, scope.workspaceId, stageId);
    if (!s || (pipelineId && s.pipeline_id !== pipelineId)) throw badRequest('validation_failed', 'Unknown stage', [{ field: 'body.stageId', message: 'no such stage in this pipeline' }]);
    return s;
  }
  const pid = pipelineId ?? (await pipelines.list(ctx, scope))[0]?.id;
  if (!pid) throw badRequest('validation_failed', 'No pipeline', [{ field: 'body.pipelineId', message: 'required' }]);
  const stages = await repo.stagesOf(k, scope.workspaceId, [pid]);
  const first = stages.find((s) => s.kind === 'open') ?? stages[0];
  if (!first) throw badRequest('validation_failed', 'Unknown pipeline', [{ field: 'body.pipelineId', message: 'no such pipeline' }]);
  return first;
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: DealInput): Promise<DealView> {
  if (!input.name) throw badRequest('validation_failed', 'A deal needs a name', [{ field: 'body.name', message: 'Required' }]);
  const stage = await resolveStage(ctx, ctx.db.k, scope, input.pipelineId, input.stageId);
  return ctx.db.k.transaction().execute(async (trx) => {
    await checkLinks(trx, scope.workspaceId, input);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'deal'), input.customFields, {}, true);
    const at = ctx.clock.now().toISOString();
    const row: repo.DealRow = {
      id: newId('dl'),
      workspace_id: scope.workspaceId,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      name: input.name!,
      amount_minor: toMinor(input.amount ?? 0),
      currency: input.currency ?? 'IDR',
      expected_close_date: input.expectedCloseDate ?? null,
      owner_id: input.ownerId ?? scope.userId,
      company_id: input.companyId ?? null,
      tags: JSON.stringify([...new Set(input.tags ?? [])]),
      custom_fields: JSON.stringify(custom),
      closed_at: stage.kind === 'open' ? null : at,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('deals').values(row).execute();
    if (input.contactIds?.length) await repo.setContacts(trx, scope.workspaceId, row.id, [...new Set(input.contactIds)]);
    await trx.insertInto('deal_stage_history').values({ id: newId('dsh'), workspace_id: scope.workspaceId, deal_id: row.id, from_stage_id: null, to_stage_id: stage.id, changed_by: scope.userId, changed_at: at }).execute();
    const v = toView(row, stage, [...new Set(input.contactIds ?? [])]);
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'deal', objectId: row.id, kind: 'created', actor: scope.actor, at });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'deal.created', target: { type: 'deal', id: row.id } }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'deal', id: row.id, kind: 'created', record: v, changedFields: [], actor: scope.actor });
    return v;
  });
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<DealView> {
  const d = await repo.deal(ctx.db.k, scope.workspaceId, id);
  if (!d) throw notFound('Deal');
  return viewOf(ctx.db.k, scope.workspaceId, d);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: DealInput): Promise<DealView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const d = await repo.deal(trx, scope.workspaceId, id);
    if (!d) throw notFound('Deal');
    await checkLinks(trx, scope.workspaceId, input);
    const before = await viewOf(trx, scope.workspaceId, d);
    const moving = (input.stageId && input.stageId !== d.stage_id) || (input.pipelineId && input.pipelineId !== d.pipeline_id);
    const stage = moving ? await resolveStage(ctx, trx, scope, input.pipelineId, input.stageId) : await repo.stage(trx, scope.workspaceId, d.stage_id);
    const custom = validateValues(await listDefs(trx, scope.workspaceId, 'deal'), input.customFields, before.customFields, true);
    const at = ctx.clock.now().toISOString();
    const closed = stage && stage.kind !== 'open';
    await trx
      .updateTable('deals')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.amount !== undefined ? { amount_minor: toMinor(input.amount) } : {}),
        ...(input.currency !== undefined ? { currency: input.currency } : {}),
        ...(input.expectedCloseDate !== undefined ? { expected_close_date: input.expectedCloseDate } : {}),
        ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
        ...(input.companyId !== undefined ? { company_id: input.companyId } : {}),
        ...(input.tags !== undefined ? { tags: JSON.stringify([...new Set(input.tags)]) } : {}),
        ...(stage && moving ? { stage_id: stage.id, pipeline_id: stage.pipeline_id, closed_at: closed ? at : null } : {}),
        custom_fields: JSON.stringify(custom),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    if (input.contactIds) await repo.setContacts(trx, scope.workspaceId, id, [...new Set(input.contactIds)]);
    if (stage && moving) {
      await trx.insertInto('deal_stage_history').values({ id: newId('dsh'), workspace_id: scope.workspaceId, deal_id: id, from_stage_id: d.stage_id, to_stage_id: stage.id, changed_by: scope.userId, changed_at: at }).execute();
    }
    const after = await viewOf(trx, scope.workspaceId, (await repo.deal(trx, scope.workspaceId, id))!);
    const changes = diff(before, after, ['updatedAt', 'stageName', 'probability', 'status', 'closedAt']);
    const fields = Object.keys(changes);
    if (fields.length) {
      await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'deal', objectId: id, kind: moving ? 'stage_changed' : 'updated', changes, actor: scope.actor, at });
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: moving ? 'deal.stage_changed' : 'deal.updated', target: { type: 'deal', id }, details: { fields } }, trx);
      await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'deal', id, kind: 'updated', record: after, changedFields: fields, actor: scope.actor });
    }
    return after;
  });
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const d = await repo.deal(trx, scope.workspaceId, id);
    if (!d) throw notFound('Deal');
    const before = await viewOf(trx, scope.workspaceId, d);
    await trx.deleteFrom('activities').where('workspace_id', '=', scope.workspaceId).where('deal_id', '=', id).execute();
    await trx.deleteFrom('deals').where('id', '=', id).execute();
    await trx.deleteFrom('timeline_events').where('workspace_id', '=', scope.workspaceId).where('object_type', '=', 'deal').where('object_id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'deal.deleted', target: { type: 'deal', id } }, trx);
    await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'deal', id, kind: 'deleted', record: before, changedFields: [], actor: scope.actor });
  });
}

export async function list(ctx: AppContext, scope: WorkspaceScope, input: ListInput): Promise<{ data: DealView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await repo.listDeals(ctx.db.k, {
    workspaceId: scope.workspaceId,
    dialect: ctx.db.dialect,
    filters: input.filters,
    sort: input.sort,
    cursor: input.cursor ? decodeCursor(input.cursor) : null,
    limit: input.limit,
    custom: await typeLookup(ctx.db.k, scope.workspaceId, 'deal'),
    ids: input.ids,
  });
  const stages = await repo.stagesOf(ctx.db.k, scope.workspaceId, [...new Set(rows.map((r) => r.pipeline_id))]);
  const byId = new Map(stages.map((s) => [s.id, s]));
  const contacts = await repo.contactIdsOf(ctx.db.k, rows.map((r) => r.id));
  return { data: rows.map((r) => toView(r, byId.get(r.stage_id), contacts.get(r.id) ?? [])), nextCursor };
}

export async function stageHistory(ctx: AppContext, scope: WorkspaceScope, id: string) {
  await get(ctx, scope, id);
  const rows = await ctx.db.k.selectFrom('deal_stage_history').selectAll().where('workspace_id', '=', scope.workspaceId).where('deal_id', '=', id).orderBy('changed_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, fromStageId: r.from_stage_id, toStageId: r.to_stage_id, changedBy: r.changed_by, changedAt: r.changed_at }));
}

/** For the ad conversion syncs: won deals closed after a time with their contacts' emails, oldest first. */
export function wonDealContacts(ctx: AppContext, workspaceId: string, after: string | null, limit: number) {
  return repo.wonDealContacts(ctx.db.k, workspaceId, after, limit);
}

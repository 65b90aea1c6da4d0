import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as repo from './repo.js';
import type { z } from 'zod';
import type { pipelineView, stageInput } from './schema.js';

type StageInput = z.input<typeof stageInput>;
export type PipelineView = z.infer<typeof pipelineView>;

export const DEFAULT_STAGES: StageInput[] = [
  { name: 'Qualification', probability: 10, kind: 'open' },
  { name: 'Needs analysis', probability: 25, kind: 'open' },
  { name: 'Proposal', probability: 50, kind: 'open' },
  { name: 'Negotiation', probability: 75, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
];

function checkStages(stages: StageInput[]): void {
  const kinds = stages.map((s) => s.kind ?? 'open');
  if (!kinds.includes('won') || !kinds.includes('lost') || !kinds.includes('open')) {
    throw badRequest('validation_failed', 'A pipeline needs open stages, a won stage and a lost stage', [{ field: 'body.stages', message: 'needs open, won and lost stages' }]);
  }
}

function view(p: repo.PipelineRow, stages: repo.StageRow[]): PipelineView {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    stages: stages.filter((s) => s.pipeline_id === p.id).map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

async function insert(ctx: AppContext, trx: Kysely<Database>, scope: WorkspaceScope, name: string, stages: StageInput[], position: number): Promise<string> {
  checkStages(stages);
  const at = ctx.clock.now().toISOString();
  const id = newId('pl');
  await repo.insertPipeline(
    trx,
    { id, workspace_id: scope.workspaceId, name, position, created_at: at, updated_at: at },
    stages.map((s, i) => ({ id: newId('stg'), workspace_id: scope.workspaceId, pipeline_id: id, name: s.name, position: i, probability: s.probability, kind: s.kind ?? 'open' })),
  );
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'pipeline.created', target: { type: 'pipeline', id } }, trx);
  return id;
}

/** Every workspace has a sales pipeline from its first look at deals. */
export async function list(ctx: AppContext, scope: WorkspaceScope): Promise<PipelineView[]> {
  let rows = await repo.pipelines(ctx.db.k, scope.workspaceId);
  if (rows.length === 0 && scope.can('records.write')) {
    await ctx.db.k.transaction().execute(async (trx) => {
      if ((await repo.pipelines(trx, scope.workspaceId)).length === 0) await insert(ctx, trx, scope, 'Sales', DEFAULT_STAGES, 0);
    });
    rows = await repo.pipelines(ctx.db.k, scope.workspaceId);
  }
  const stages = await repo.stagesOf(ctx.db.k, scope.workspaceId, rows.map((r) => r.id));
  return rows.map((r) => view(r, stages));
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string, k: Kysely<Database> = ctx.db.k): Promise<PipelineView> {
  const p = await repo.pipeline(k, scope.workspaceId, id);
  if (!p) throw notFound('Pipeline');
  return view(p, await repo.stagesOf(k, scope.workspaceId, [id]));
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: { name: string; stages?: StageInput[] | undefined }): Promise<PipelineView> {
  const id = await ctx.db.k.transaction().execute(async (trx) => {
    const count = (await repo.pipelines(trx, scope.workspaceId)).length;
    return insert(ctx, trx, scope, input.name, input.stages ?? DEFAULT_STAGES, count);
  });
  return get(ctx, scope, id);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: { name?: string | undefined; stages?: StageInput[] | undefined }): Promise<PipelineView> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const current = await get(ctx, scope, id, trx);
    const at = ctx.clock.now().toISOString();
    if (input.name !== undefined) await trx.updateTable('pipelines').set({ name: input.name, updated_at: at }).where('id', '=', id).execute();
    if (input.stages) {
      checkStages(input.stages);
      const keep = new Set(input.stages.map((s) => s.id).filter((x): x is string => Boolean(x)));
      const unknown = [...keep].filter((sid) => !current.stages.some((s) => s.id === sid));
      if (unknown.length) throw badRequest('validation_failed', 'Unknown stage ids', [{ field: 'body.stages', message: `not in this pipeline: ${unknown.join(', ').slice(0, 200)}` }]);
      const dropped = current.stages.filter((s) => !keep.has(s.id)).map((s) => s.id);
      if ((await repo.countDealsInStages(trx, dropped)) > 0) throw conflict('stage_in_use', 'Move the deals out of a stage before removing it');
      if (dropped.length) await trx.deleteFrom('pipeline_stages').where('id', 'in', dropped).execute();
      for (const [i, s] of input.stages.entries()) {
        const fields = { name: s.name, position: i, probability: s.probability, kind: s.kind ?? 'open' };
        if (s.id) await trx.updateTable('pipeline_stages').set(fields).where('id', '=', s.id).execute();
        else await trx.insertInto('pipeline_stages').values({ id: newId('stg'), workspace_id: scope.workspaceId, pipeline_id: id, ...fields }).execute();
      }
      await trx.updateTable('pipelines').set({ updated_at: at }).where('id', '=', id).execute();
    }
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'pipeline.updated', target: { type: 'pipeline', id } }, trx);
  });
  return get(ctx, scope, id);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    await get(ctx, scope, id, trx);
    const deals = await trx.selectFrom('deals').select('id').where('pipeline_id', '=', id).limit(1).execute();
    if (deals.length) throw conflict('pipeline_in_use', 'Move or delete the deals of this pipeline first');
    await trx.deleteFrom('pipelines').where('id', '=', id).execute();
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'pipeline.deleted', target: { type: 'pipeline', id } }, trx);
  });
}

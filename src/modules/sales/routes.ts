import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { listParams } from '../crm/schema.js';
import * as views from '../crm/saved-views.js';
import { listEvents } from '../crm/timeline.js';
import * as search from '../search/service.js';
import { salesDashboard } from './dashboard.js';
import * as deals from './deals.js';
import * as pipelines from './pipelines.js';
import { dealInput, dealView, moveInput, pipelineInput, pipelinePatch, pipelineView } from './schema.js';

export function salesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const pt = ['pipelines'];
  const dt = ['deals'];

  app.get('/api/v1/pipelines', { schema: { tags: pt, summary: 'Pipelines with their ordered stages (a default one is created on first use)', response: { 200: z.object({ data: z.array(pipelineView), nextCursor: z.null() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await pipelines.list(ctx, scope), nextCursor: null };
  });
  app.post('/api/v1/pipelines', { schema: { tags: pt, summary: 'Create a pipeline', body: pipelineInput, response: { 201: pipelineView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send(await pipelines.create(ctx, scope, req.body));
  });
  app.get('/api/v1/pipelines/:id', { schema: { tags: pt, summary: 'One pipeline', params: idParams, response: { 200: pipelineView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return pipelines.get(ctx, scope, req.params.id);
  });
  app.patch('/api/v1/pipelines/:id', { schema: { tags: pt, summary: 'Rename a pipeline or reorder, add and remove its stages', params: idParams, body: pipelinePatch, response: { 200: pipelineView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return pipelines.update(ctx, scope, req.params.id, req.body);
  });
  app.delete('/api/v1/pipelines/:id', { schema: { tags: pt, summary: 'Delete an empty pipeline', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    await pipelines.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/deals', { schema: { tags: dt, summary: 'List deals with filters, sorting and search', querystring: listParams, response: { 200: z.object({ data: z.array(dealView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const { filters, sort } = await views.resolveListParams(ctx, scope, 'deal', req.query);
    const ids = req.query.q ? await search.matchIds(ctx, scope.workspaceId, 'deal', req.query.q) : undefined;
    return deals.list(ctx, scope, { filters, sort, cursor: req.query.cursor, limit: req.query.limit, ids });
  });
  app.post('/api/v1/deals', { schema: { tags: dt, summary: 'Create a deal', body: dealInput, response: { 201: dealView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await deals.create(ctx, scope, req.body));
  });
  app.get('/api/v1/deals/:id', { schema: { tags: dt, summary: 'One deal', params: idParams, response: { 200: dealView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return deals.get(ctx, scope, req.params.id);
  });
  app.patch('/api/v1/deals/:id', { schema: { tags: dt, summary: 'Update a deal (a new stageId moves it)', params: idParams, body: dealInput, response: { 200: dealView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return deals.update(ctx, scope, req.params.id, req.body);
  });
  app.post('/api/v1/deals/:id/move', { schema: { tags: dt, summary: 'Move a deal to another stage (kanban)', params: idParams, body: moveInput, response: { 200: dealView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return deals.update(ctx, scope, req.params.id, { stageId: req.body.stageId });
  });
  app.delete('/api/v1/deals/:id', { schema: { tags: dt, summary: 'Delete a deal', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await deals.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });
  app.get('/api/v1/deals/:id/stage-history', { schema: { tags: dt, summary: 'When the deal moved between stages', params: idParams } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await deals.stageHistory(ctx, scope, req.params.id) };
  });
  app.get('/api/v1/deals/:id/timeline', { schema: { tags: dt, summary: 'Field changes and events of a deal', params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().max(40).optional() }) } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await deals.get(ctx, scope, req.params.id);
    return { data: await listEvents(ctx.db.k, scope.workspaceId, 'deal', req.params.id, req.query.limit, req.query.before) };
  });

  app.get('/api/v1/dashboard/sales', {
    schema: { tags: ['dashboards'], summary: 'Pipeline value by stage, won and lost by month, weighted forecast, activities by owner', querystring: z.object({ pipelineId: z.string().max(100).optional(), months: z.coerce.number().int().min(1).max(60).default(12) }) },
  }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return salesDashboard(ctx, scope, { pipelineId: req.query.pipelineId, months: req.query.months });
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as search from '../search/service.js';
import * as fields from './custom-fields.js';
import * as views from './saved-views.js';
import { customFieldInput, customFieldPatch } from './schema.js';

const objectQuery = z.object({ object: z.enum(['contact', 'company', 'deal']).optional() });

/** Custom fields, saved views and the global search. */
export function crmSettingsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/custom-fields', { schema: { tags: ['custom fields'], summary: 'Custom field definitions', querystring: objectQuery } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await fields.listDefs(ctx.db.k, scope.workspaceId, req.query.object), nextCursor: null };
  });
  app.post('/api/v1/custom-fields', { schema: { tags: ['custom fields'], summary: 'Define a custom field', body: customFieldInput } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send(await fields.createDef(ctx, scope, req.body));
  });
  app.patch('/api/v1/custom-fields/:id', { schema: { tags: ['custom fields'], summary: 'Change a custom field', params: idParams, body: customFieldPatch } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return fields.updateDef(ctx, scope, req.params.id, req.body);
  });
  app.delete('/api/v1/custom-fields/:id', { schema: { tags: ['custom fields'], summary: 'Delete a custom field definition', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    await fields.deleteDef(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/views', { schema: { tags: ['views'], summary: 'Saved list views', querystring: objectQuery } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await views.list(ctx, scope, req.query.object), nextCursor: null };
  });
  app.post('/api/v1/views', { schema: { tags: ['views'], summary: 'Save a list view (filters, sort, columns)', body: views.viewInput } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return reply.status(201).send(await views.create(ctx, scope, req.body));
  });
  app.get('/api/v1/views/:id', { schema: { tags: ['views'], summary: 'One saved view', params: idParams } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return views.get(ctx, scope, req.params.id);
  });
  app.patch('/api/v1/views/:id', { schema: { tags: ['views'], summary: 'Change a saved view', params: idParams, body: views.viewInput.partial() } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return views.update(ctx, scope, req.params.id, req.body);
  });
  app.delete('/api/v1/views/:id', { schema: { tags: ['views'], summary: 'Delete a saved view', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await views.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/search', {
    schema: {
      tags: ['search'],
      summary: 'Full-text search across contacts, companies and deals (prefix matching)',
      querystring: z.object({ q: z.string().max(500).default(''), types: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ data: z.array(z.object({ type: z.string(), id: z.string(), title: z.string() })) }), ...errors },
    },
  }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const types = req.query.types ? req.query.types.split(',').filter((t) => ['contact', 'company', 'deal'].includes(t)) : undefined;
    return { data: await search.search(ctx, scope.workspaceId, req.query.q, types, req.query.limit) };
  });
}

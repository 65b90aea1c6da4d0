import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as search from '../search/service.js';
import * as companies from './companies-service.js';
import * as contacts from './contacts-service.js';
import * as views from './saved-views.js';
import { companyInput, companyView, contactView, listParams } from './schema.js';
import { listEvents } from './timeline.js';

const tags = ['companies'];

export function companiesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/companies', { schema: { tags, summary: 'List companies with filters, sorting and search', querystring: listParams, response: { 200: z.object({ data: z.array(companyView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const { filters, sort } = await views.resolveListParams(ctx, scope, 'company', req.query);
    const ids = req.query.q ? await search.matchIds(ctx, scope.workspaceId, 'company', req.query.q) : undefined;
    return companies.list(ctx, scope, { filters, sort, cursor: req.query.cursor, limit: req.query.limit, ids });
  });

  app.post('/api/v1/companies', { schema: { tags, summary: 'Create a company', body: companyInput, response: { 201: companyView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await companies.create(ctx, scope, req.body));
  });

  app.get('/api/v1/companies/:id', { schema: { tags, summary: 'One company', params: idParams, response: { 200: companyView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return companies.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/companies/:id', { schema: { tags, summary: 'Update fields of a company', params: idParams, body: companyInput, response: { 200: companyView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return companies.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/companies/:id', { schema: { tags, summary: 'Delete a company (its contacts stay)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await companies.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/companies/:id/contacts', { schema: { tags, summary: 'Contacts linked to a company', params: idParams, response: { 200: z.object({ data: z.array(contactView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await companies.get(ctx, scope, req.params.id);
    const links = await ctx.db.k.selectFrom('contact_companies').select('contact_id').where('workspace_id', '=', scope.workspaceId).where('company_id', '=', req.params.id).limit(500).execute();
    return contacts.list(ctx, scope, { filters: [], sort: { field: 'lastName', dir: 'asc' }, limit: 200, ids: links.map((l) => l.contact_id) });
  });

  app.get('/api/v1/companies/:id/timeline', { schema: { tags, summary: 'Field changes and events of a company', params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().max(40).optional() }) } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await companies.get(ctx, scope, req.params.id);
    return { data: await listEvents(ctx.db.k, scope.workspaceId, 'company', req.params.id, req.query.limit, req.query.before) };
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as search from '../search/service.js';
import * as contacts from './contacts-service.js';
import * as views from './saved-views.js';
import { contactInput, contactView, listParams } from './schema.js';
import { listEvents } from './timeline.js';

const tags = ['contacts'];
const page = z.object({ data: z.array(contactView), nextCursor: z.string().nullable() });

export function contactsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/contacts', { schema: { tags, summary: 'List contacts with filters, sorting and full-text search', querystring: listParams, response: { 200: page, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const { filters, sort } = await views.resolveListParams(ctx, scope, 'contact', req.query);
    const ids = req.query.q ? await search.matchIds(ctx, scope.workspaceId, 'contact', req.query.q) : undefined;
    return contacts.list(ctx, scope, { filters, sort, cursor: req.query.cursor, limit: req.query.limit, ids });
  });

  app.post('/api/v1/contacts', { schema: { tags, summary: 'Create a contact', body: contactInput, response: { 201: contactView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await contacts.create(ctx, scope, req.body));
  });

  app.get('/api/v1/contacts/:id', { schema: { tags, summary: 'One contact', params: idParams, response: { 200: contactView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return contacts.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/contacts/:id', { schema: { tags, summary: 'Update fields of a contact', params: idParams, body: contactInput, response: { 200: contactView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return contacts.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/contacts/:id', { schema: { tags, summary: 'Delete a contact', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await contacts.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/contacts/:id/timeline', { schema: { tags, summary: 'Field changes and events of a contact, newest first', params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().max(40).optional() }) } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await contacts.get(ctx, scope, req.params.id);
    return { data: await listEvents(ctx.db.k, scope.workspaceId, 'contact', req.params.id, req.query.limit, req.query.before) };
  });
}

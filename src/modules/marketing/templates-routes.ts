import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import { templateInput, templateView } from './campaigns-schema.js';
import * as templates from './templates-service.js';

const tags = ['marketing'];

/** Templates, and the test send of a campaign. */
export function templatesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/templates', { schema: { tags, summary: 'Email templates, newest first', querystring: listQuery.omit({ q: true }), response: { 200: z.object({ data: z.array(templateView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return templates.list(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.post('/api/v1/templates', { schema: { tags, summary: 'Save a template (subject and HTML with variables)', body: templateInput, response: { 201: templateView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await templates.create(ctx, scope, req.body));
  });

  app.get('/api/v1/templates/:id', { schema: { tags, summary: 'One template', params: idParams, response: { 200: templateView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return templates.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/templates/:id', { schema: { tags, summary: 'Change a template', params: idParams, body: templateInput.partial(), response: { 200: templateView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return templates.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/templates/:id', { schema: { tags, summary: 'Delete a template', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await templates.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/campaigns/:id/test', { schema: { tags, summary: 'Send the campaign as it stands to yourself, marked [Test]', params: idParams, response: { 202: z.object({ sentTo: z.string() }), ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(202).send(await templates.testSend(ctx, scope, req.params.id));
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { cannedCreate, cannedPage, cannedPatch, cannedQuery, cannedView } from './canned-schema.js';
import * as canned from './canned-service.js';

const tags = ['service'];

export function cannedRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/service/canned-responses', { schema: { tags, summary: 'Canned responses (reply templates)', querystring: cannedQuery, response: { 200: cannedPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return canned.listCanned(ctx, scope, req.query);
  });

  app.post('/api/v1/service/canned-responses', { schema: { tags, summary: 'Create a canned response', body: cannedCreate, response: { 201: cannedView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await canned.createCanned(ctx, scope, req.body));
  });

  app.get('/api/v1/service/canned-responses/:id', { schema: { tags, summary: 'One canned response', params: idParams, response: { 200: cannedView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return canned.getCanned(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/service/canned-responses/:id', { schema: { tags, summary: 'Change a canned response', params: idParams, body: cannedPatch, response: { 200: cannedView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return canned.updateCanned(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/service/canned-responses/:id', { schema: { tags, summary: 'Delete a canned response', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await canned.deleteCanned(ctx, scope, req.params.id);
    return reply.status(204).send();
  });
}

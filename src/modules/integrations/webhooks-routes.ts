import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { deliveryListParams, deliveryPage, deliveryView, pageParams, webhookCreate, webhookPage, webhookPatch, webhookView, webhookWithSecret } from './webhooks-schema.js';
import * as webhooks from './webhooks-service.js';

const tags = ['webhooks'];
// Webhooks send workspace data to a URL of the member's choosing, and the log holds the records
// as sent: both are workspace settings, for owners and admins (or keys with the admin scope).
const MANAGE = 'workspace.manage';

export function webhooksRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/webhooks', { schema: { tags, summary: 'List webhook subscriptions, newest first', querystring: pageParams, response: { 200: webhookPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return webhooks.list(ctx, scope, req.query);
  });

  app.post('/api/v1/webhooks', { schema: { tags, summary: 'Subscribe a URL to record events; the answer shows the signing secret, once', body: webhookCreate, response: { 201: webhookWithSecret, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return reply.status(201).send(await webhooks.create(ctx, scope, req.body));
  });

  app.get('/api/v1/webhooks/:id', { schema: { tags, summary: 'One webhook subscription (never its secret)', params: idParams, response: { 200: webhookView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return webhooks.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/webhooks/:id', { schema: { tags, summary: 'Change URL, events, description, or pause and resume', params: idParams, body: webhookPatch, response: { 200: webhookView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return webhooks.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/webhooks/:id', { schema: { tags, summary: 'Delete a subscription and its delivery log', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    await webhooks.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/webhooks/:id/test', { schema: { tags, summary: 'Send a ping event now', params: idParams, response: { 202: deliveryView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return reply.status(202).send(await webhooks.sendTest(ctx, scope, req.params.id));
  });

  app.post('/api/v1/webhooks/:id/rotate-secret', { schema: { tags, summary: 'Replace the signing secret; the answer shows the new one, once', params: idParams, response: { 200: webhookWithSecret, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return webhooks.rotateSecret(ctx, scope, req.params.id);
  });

  app.get('/api/v1/webhooks/:id/deliveries', { schema: { tags, summary: 'Delivery log of a subscription, newest first', params: idParams, querystring: deliveryListParams, response: { 200: deliveryPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return webhooks.listDeliveries(ctx, scope, req.params.id, req.query);
  });

  app.post('/api/v1/webhook-deliveries/:id/redeliver', { schema: { tags, summary: 'Send a delivery again now, with the same body', params: idParams, response: { 202: deliveryView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return reply.status(202).send(await webhooks.redeliver(ctx, scope, req.params.id));
  });
}

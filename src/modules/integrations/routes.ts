import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { connectBody, connectionList, connectionView, runPage, runsQuery, syncBody, syncStarted } from './schema.js';
import * as integrations from './service.js';

const tags = ['integrations'];
// Connections carry workspace data to third parties under the workspace's credentials: a workspace
// setting, for owners and admins (or keys with the admin scope), like webhooks.
const MANAGE = 'workspace.manage';

export function integrationRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/integrations', { schema: { tags, summary: "The workspace's integration connections (never their credentials)", response: { 200: connectionList, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return integrations.list(ctx, scope);
  });

  app.post('/api/v1/integrations', { schema: { tags, summary: 'Connect (or reconnect) a provider: the credentials are tried with a harmless call, then stored encrypted', body: connectBody, response: { 201: connectionView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return reply.status(201).send(await integrations.connect(ctx, scope, req.body));
  });

  app.get('/api/v1/integrations/:id', { schema: { tags, summary: 'One connection: status, last sync, last error', params: idParams, response: { 200: connectionView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return integrations.get(ctx, scope, req.params.id);
  });

  app.delete('/api/v1/integrations/:id', { schema: { tags, summary: 'Disconnect: the credentials are wiped; history stays', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    await integrations.disconnect(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/integrations/:id/sync', { schema: { tags, summary: 'Run a sync now, as jobs (progress in the job, counts in the history)', params: idParams, body: syncBody, response: { 202: syncStarted, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return reply.status(202).send(await integrations.startSync(ctx, scope, req.params.id, req.body.kind));
  });

  app.get('/api/v1/integrations/:id/runs', { schema: { tags, summary: 'Sync history of a connection, newest first', params: idParams, querystring: runsQuery, response: { 200: runPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, MANAGE);
    return integrations.runs(ctx, scope, req.params.id, req.query.limit, req.query.cursor);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { z } from 'zod';
import { requireWorkspace } from '../../http/auth.js';
import { errorSchema, errors, idParams } from '../../http/schemas.js';
import { authenticate, brevoEvent, mailchimpEvent, receive } from './inbound.js';
import { brevoBody, connectBody, connectionList, connectionView, inboundAnswer, inboundParams, mailchimpForm, mailchimpQuery, runPage, runsQuery, syncBody, syncStarted } from './schema.js';
import * as integrations from './service.js';

const tags = ['integrations'];
// Connections carry workspace data to third parties under the workspace's credentials: a workspace
// setting, for owners and admins (or keys with the admin scope), like webhooks.
const MANAGE = 'workspace.manage';
const inboundLimit = { rateLimit: { max: 600, timeWindow: '1 minute' } };
const inboundErrors = { ...errors, 413: errorSchema, 415: errorSchema };
const bearer = (h: string | undefined): string | undefined => (h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined);

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

  // The providers' calls back (inbound.ts): no session, the connection's webhook secret is the key.
  void root.register(async (scope) => {
    // Mailchimp posts its webhook form-encoded; parsed here only, for these routes.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const pub = scope.withTypeProvider<ZodTypeProvider>();
    pub.get(
      '/public/v1/integrations/mailchimp/:id/webhook',
      { config: inboundLimit, schema: { tags, summary: "Mailchimp's check of the webhook URL (a GET that must answer 200); the secret is the token", params: inboundParams, querystring: mailchimpQuery, response: { 200: z.object({ status: z.literal('ok') }), ...errors } } },
      async (req) => {
        await authenticate(ctx, 'mailchimp', req.params.id, req.query.token);
        return { status: 'ok' as const };
      },
    );
    pub.post(
      '/public/v1/integrations/mailchimp/:id/webhook',
      { config: inboundLimit, schema: { tags, summary: 'Mailchimp list webhook: unsubscribe and cleaned (hard bounce, abuse) become suppressions at once; other types are acknowledged. Wrong token → 401, unknown connection → 404', params: inboundParams, querystring: mailchimpQuery, body: mailchimpForm, response: { 200: inboundAnswer, ...inboundErrors } } },
      async (req) => {
        const conn = await authenticate(ctx, 'mailchimp', req.params.id, req.query.token);
        return receive(ctx, conn, [mailchimpEvent(conn, req.body)]);
      },
    );
    pub.post(
      '/public/v1/integrations/brevo/:id/webhook',
      { config: inboundLimit, schema: { tags, summary: 'Brevo webhook (Authorization: Bearer <secret>): unsubscribe, hard bounce and spam become suppressions at once; soft bounces and other events are acknowledged and change nothing', params: inboundParams, headers: z.object({ authorization: z.string().max(1000).optional() }), body: brevoBody, response: { 200: inboundAnswer, ...inboundErrors } } },
      async (req) => {
        const conn = await authenticate(ctx, 'brevo', req.params.id, bearer(req.headers.authorization));
        return receive(ctx, conn, (Array.isArray(req.body) ? req.body : [req.body]).map(brevoEvent));
      },
    );
  });
}

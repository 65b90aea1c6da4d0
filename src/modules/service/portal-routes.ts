import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { errors } from '../../http/schemas.js';
import { accepted, magicLinkInput, ticketAnswer, ticketInput } from './portal-schema.js';
import { portalWorkspace, requestMagicLink, submitTicket } from './portal-service.js';
import { PORTAL_SCRIPT, PORTAL_SCRIPT_ETAG } from './portal-script.js';

const tags = ['public'];
/** Per address: a person opens a few requests at most; an office behind one address, a few more. */
export const TICKET_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
export const LINK_LIMIT = { rateLimit: { max: 5, timeWindow: '1 minute' } };
const wsParams = z.object({ workspaceId: z.string().min(1).max(100) });

/** The widget posts from customers' sites without credentials, so any origin may call these. */
const CORS = { 'access-control-allow-origin': '*' };
async function anyOrigin(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.headers(CORS);
  return payload;
}

/** Public support endpoints (JSON): new tickets from the portal or widget, sign-in links. */
export function portalRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  for (const path of ['/public/v1/support/:workspaceId/tickets', '/public/v1/support/:workspaceId/magic-link']) {
    app.options(path, { schema: { hide: true } }, async (_req, reply) =>
      reply.status(204).headers({ ...CORS, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }).send());
  }

  app.post('/public/v1/support/:workspaceId/tickets', {
    config: TICKET_LIMIT,
    onSend: anyOrigin,
    schema: { tags, summary: 'Open a support request from the portal or the help widget (rate-limited; honeypot `website`)', params: wsParams, body: ticketInput, response: { 201: ticketAnswer, ...errors } },
  }, async (req, reply) => {
    const ws = await portalWorkspace(ctx, req.params.workspaceId);
    const r = await submitTicket(ctx, ws, req.body, req.body.source ?? 'portal');
    return reply.status(201).header('cache-control', 'no-store').send({ id: r.id, number: r.number });
  });

  app.post('/public/v1/support/:workspaceId/magic-link', {
    config: LINK_LIMIT,
    onSend: anyOrigin,
    schema: { tags, summary: 'Email a single-use link (30 minutes) to see one’s own requests; always 202, whatever the address', params: wsParams, body: magicLinkInput, response: { 202: accepted, ...errors } },
  }, async (req, reply) => {
    const ws = await portalWorkspace(ctx, req.params.workspaceId);
    await requestMagicLink(ctx, ws, req.body.email, req.body.locale ?? ws.defaultLocale);
    return reply.status(202).header('cache-control', 'no-store').send({ status: 'accepted' as const });
  });

  root.get('/support-assets/portal.js', { schema: { hide: true } }, async (req, reply) => {
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').header('etag', PORTAL_SCRIPT_ETAG);
    if (req.headers['if-none-match'] === PORTAL_SCRIPT_ETAG) return reply.status(304).send();
    return reply.send(PORTAL_SCRIPT);
  });
}

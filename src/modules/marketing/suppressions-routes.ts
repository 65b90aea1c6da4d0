import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { email, errors, idParams, listQuery } from '../../http/schemas.js';
import { SUPPRESSION_REASONS } from './campaigns-tables.js';
import * as suppressions from './suppressions-service.js';

const tags = ['marketing'];
const view = z.object({
  id: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  createdAt: z.string(),
  removable: z.boolean().describe('manual and hard_bounce entries may be lifted; unsubscribe and complaint only by the person'),
});
const query = listQuery.omit({ q: true }).extend({ reason: z.enum(SUPPRESSION_REASONS).optional() });
// The address travels in a body, never in a URL (URLs end up in access logs).
const addressBody = z.object({ email });

/** The suppression list (API.md: `/api/v1/marketing/suppressions`); entries hold a hash, so they show reason and date. */
export function suppressionsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/marketing/suppressions', { schema: { tags, summary: 'Suppressed addresses (as reason and date), newest first', querystring: query, response: { 200: z.object({ data: z.array(view), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return suppressions.list(ctx, scope, req.query.limit, { cursor: req.query.cursor, reason: req.query.reason });
  });

  app.post('/api/v1/marketing/suppressions/check', { schema: { tags, summary: 'Whether an address is suppressed, and why', body: addressBody, response: { 200: z.object({ suppressed: z.boolean(), entries: z.array(view) }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return suppressions.check(ctx, scope, req.body.email);
  });

  app.post('/api/v1/marketing/suppressions', { schema: { tags, summary: 'Suppress an address by hand (200 when it already was)', body: addressBody, response: { 200: view, 201: view, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    const r = await suppressions.add(ctx, scope, req.body.email);
    return reply.status(r.created ? 201 : 200).send(r.entry);
  });

  app.delete('/api/v1/marketing/suppressions/:id', { schema: { tags, summary: 'Lift a manual or hard-bounce suppression (409 suppression_protected otherwise)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await suppressions.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { email, errors, idParams } from '../../http/schemas.js';
import { officer } from '../privacy/requests-routes.js';
import * as service from './minors-service.js';
import { MINOR_RELATIONS, MINOR_STATUSES } from './minors-tables.js';

const tags = ['governance'];
/** Open to anyone, like the privacy-request intake: a tight per-address limit. */
const publicLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } };

const scopeQuery = z.object({ scope: z.enum(['platform', 'workspace']).optional() });
const reportBody = z.object({
  email: email.describe('Address of the person under 18'),
  relation: z.enum(MINOR_RELATIONS),
  reporterEmail: email.optional(),
  details: z.string().max(2000).optional(),
  workspaceId: z.string().min(1).max(100).optional().describe('The workspace whose contact it is; absent: an account on the platform'),
  locale: z.enum(['en', 'id']).optional(),
});
const reportView = z.object({
  id: z.string(), scope: z.enum(['platform', 'workspace']), email: z.string(), reporterEmail: z.string().nullable(), relation: z.enum(MINOR_RELATIONS),
  details: z.string().nullable(), status: z.enum(MINOR_STATUSES), receivedAt: z.string(), handledAt: z.string().nullable(), handledBy: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
});

export function minorRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post('/public/v1/privacy/minors', {
    config: publicLimit,
    schema: { tags, summary: 'Report that a person under 18 has an account or is a contact; the privacy officer is asked to erase their data', body: reportBody, response: { 202: z.object({ id: z.string() }), ...errors } },
  }, async (req, reply) => reply.status(202).send(await service.report(ctx, req.body)));

  app.get('/api/v1/privacy/minors', {
    schema: { tags, summary: 'Reports of minors in this scope, newest first', querystring: scopeQuery.extend({ status: z.enum(MINOR_STATUSES).optional() }), response: { 200: z.object({ data: z.array(reportView), nextCursor: z.string().nullable() }), ...errors } },
  }, async (req) => service.list(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.query.status));

  app.get('/api/v1/privacy/minors/:id', {
    schema: { tags, summary: 'One report of a minor', params: idParams, querystring: scopeQuery, response: { 200: reportView, ...errors } },
  }, async (req) => service.get(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.params.id));

  app.post('/api/v1/privacy/minors/:id/erase', {
    schema: { tags, summary: 'Erase the reported person’s data in this scope at once (the erasure engine), and record it', params: idParams, querystring: scopeQuery, response: { 200: reportView, ...errors } },
  }, async (req) => service.erase(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id));

  app.post('/api/v1/privacy/minors/:id/dismiss', {
    schema: { tags, summary: 'Close the report without erasing (e.g. the person is an adult), with a reason', params: idParams, querystring: scopeQuery, body: z.object({ reason: z.string().trim().min(1).max(2000) }), response: { 200: reportView, ...errors } },
  }, async (req) => service.dismiss(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body.reason));
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getAuth, requireOperator, requireWorkspace } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { errors, idParams } from '../../http/schemas.js';
import type { Permission } from '../workspaces/roles.js';
import { findWorkspace } from '../workspaces/repo.js';
import { correctableFields } from './corrections.js';
import { redeemExport, renderAccessReport } from './export.js';
import * as s from './requests-schema.js';
import * as service from './requests-service.js';
import { resolveSubject } from './subject.js';
import { JURISDICTIONS, REQUEST_TYPES } from './tables.js';

const tags = ['privacy'];
/** Public endpoints are open to anyone: a tighter per-address limit than signed-in routes. */
const publicLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** Workspace officers (privacy.read / privacy.manage) or, with ?scope=platform, a platform operator. */
export async function officer(ctx: AppContext, req: FastifyRequest, permission: Permission, scope: 'platform' | 'workspace' | undefined): Promise<service.OfficerScope> {
  if (scope === 'platform') {
    const { actor } = await requireOperator(ctx, req);
    return { workspaceId: null, actor };
  }
  const ws = await requireWorkspace(ctx, req, permission);
  return { workspaceId: ws.workspaceId, actor: ws.actor };
}

export function privacyRequestRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post('/public/v1/privacy-requests', {
    config: publicLimit,
    schema: { tags, summary: 'File a data-subject request; a verification link is emailed (202 whether or not the address is known)', body: s.intakeBody, response: { 202: z.object({ id: z.string() }), ...errors } },
  }, async (req, reply) => {
    const auth = await getAuth(ctx, req).catch(() => null);
    return reply.status(202).send(await service.intake(ctx, req.body, auth?.user ?? null));
  });

  app.post('/public/v1/privacy-requests/verify', {
    config: publicLimit,
    schema: { tags, summary: 'Confirm a request with the token from the emailed link', body: s.tokenBody, response: { 200: s.verifyAnswer, 410: errors[400], ...errors } },
  }, async (req) => service.verify(ctx, req.body.token));

  // POST, not GET: mail scanners follow GET links and would spend the single use.
  app.post('/public/v1/privacy-exports/download', {
    config: publicLimit,
    schema: {
      tags, summary: 'Download an export ZIP with the token from the emailed link (single use, 7 days)', body: s.tokenBody,
      produces: ['application/zip'],
      response: { 200: z.any().describe('application/zip'), 410: errors[400], ...errors },
    },
  }, async (req, reply) => {
    const file = await redeemExport(ctx, req.body.token);
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file.buffer);
  });

  app.get('/public/v1/privacy/portal', {
    config: publicLimit,
    schema: {
      tags, summary: 'What the privacy-request portal needs: who the controller is, the request types, the correctable fields',
      querystring: z.object({ workspaceId: z.string().min(1).max(100).optional() }),
      response: {
        200: z.object({
          operator: z.object({ name: z.string(), email: z.string() }),
          workspace: z.object({ id: z.string(), name: z.string() }).nullable(),
          types: z.array(z.enum(REQUEST_TYPES)),
          jurisdictions: z.array(z.enum(JURISDICTIONS)),
          correctableFields: z.array(z.object({ field: z.string(), label: z.string() })),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    const ws = req.query.workspaceId ? await findWorkspace(ctx.db.k, req.query.workspaceId) : undefined;
    if (req.query.workspaceId && !ws) throw notFound('Workspace');
    return {
      operator: ctx.config.operator,
      workspace: ws ? { id: ws.id, name: ws.name } : null,
      types: [...REQUEST_TYPES],
      jurisdictions: [...JURISDICTIONS],
      correctableFields: correctableFields(ws ? 'workspace' : 'platform').map((f) => ({ field: f.field, label: f.label })),
    };
  });

  app.get('/api/v1/privacy/requests', {
    schema: { tags, summary: 'The privacy officer’s queue, soonest due first', querystring: s.listQuery, response: { 200: s.listAnswer, ...errors } },
  }, async (req) => service.list(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.query));

  app.get('/api/v1/privacy/officers', {
    schema: { tags, summary: 'The people requests in this scope can be assigned to', querystring: s.scopeQuery, response: { 200: z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) }), ...errors } },
  }, async (req) => service.officers(ctx, await officer(ctx, req, 'privacy.read', req.query.scope)));

  app.get('/api/v1/privacy/requests/:id', {
    schema: { tags, summary: 'One request with its history', params: idParams, querystring: s.scopeQuery, response: { 200: s.requestDetail, ...errors } },
  }, async (req) => service.detail(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.params.id));

  app.get('/api/v1/privacy/requests/:id/report', {
    schema: { tags, summary: 'Preview of the access report (HTML) the subject would receive', params: idParams, querystring: s.scopeQuery, produces: ['text/html'], response: { 200: z.string(), ...errors } },
  }, async (req, reply) => {
    const scope = await officer(ctx, req, 'privacy.read', req.query.scope);
    const r = await service.get(ctx, scope, req.params.id);
    const rows = await resolveSubject(ctx, service.scopeOf(r.workspaceId), { emails: [r.email], phones: r.phone ? [r.phone] : [] });
    return reply.type('text/html; charset=utf-8').send(await renderAccessReport(ctx, rows));
  });

  app.post('/api/v1/privacy/requests/:id/assign', {
    schema: { tags, summary: 'Assign the request to an officer (null: unassign)', params: idParams, querystring: s.scopeQuery, body: s.assignBody, response: { 200: s.requestView, ...errors } },
  }, async (req) => service.assign(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body.assigneeId));

  app.post('/api/v1/privacy/requests/:id/extend', {
    schema: { tags, summary: 'Extend the deadline as far as the law allows, with a reason (the subject is emailed)', params: idParams, querystring: s.scopeQuery, body: s.reasonBody, response: { 200: s.requestView, ...errors } },
  }, async (req) => service.extend(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body.reason));

  app.post('/api/v1/privacy/requests/:id/reject', {
    schema: { tags, summary: 'Decline the request with a reason (the subject is emailed)', params: idParams, querystring: s.scopeQuery, body: s.reasonBody, response: { 200: s.requestView, ...errors } },
  }, async (req) => service.reject(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body.reason));

  app.post('/api/v1/privacy/requests/:id/corrections/:correctionId', {
    schema: { tags, summary: 'Apply or decline one proposed correction', params: s.correctionParams, querystring: s.scopeQuery, body: s.decisionBody, response: { 200: s.requestView, ...errors } },
  }, async (req) => service.decideCorrection(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.params.correctionId, req.body.decision));

  app.post('/api/v1/privacy/requests/:id/complete', {
    schema: { tags, summary: 'Carry the request out (a job runs it and emails the subject)', params: idParams, querystring: s.scopeQuery, response: { 202: s.requestView, ...errors } },
  }, async (req, reply) => reply.status(202).send(await service.complete(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id)));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { errors, idParams } from '../../http/schemas.js';
import { officer } from '../privacy/requests-routes.js';
import { searchableTables } from './breaches-affected.js';
import { buildReport, reportHtml } from './breaches-report.js';
import * as s from './breaches-schema.js';
import * as service from './breaches-service.js';

const tags = ['governance'];

export function breachRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/privacy/breaches';

  app.post(base, {
    schema: { tags, summary: 'Register a personal-data breach; answers the legal deadlines (GDPR 72 h, UU PDP 3×24 h from awareAt)', querystring: s.scopeQuery, body: s.createBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.status(201).send(await service.create(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.body)));

  app.get(base, {
    schema: { tags, summary: 'The breach register, newest first', querystring: s.listQuery, response: { 200: s.listAnswer, ...errors } },
  }, async (req) => service.list(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.query));

  app.get(`${base}/tables`, {
    schema: { tags, summary: 'Data-map tables of the scope the affected-subject query can search', querystring: s.scopeQuery, response: { 200: s.affectedTables, ...errors } },
  }, async (req) => ({ data: searchableTables(await officer(ctx, req, 'privacy.read', req.query.scope)) }));

  app.get(`${base}/:id`, {
    schema: { tags, summary: 'One breach with its checklist, timeline and notification progress', params: idParams, querystring: s.scopeQuery, response: { 200: s.breachDetail, ...errors } },
  }, async (req) => service.detail(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.params.id));

  app.patch(`${base}/:id`, {
    schema: { tags, summary: 'Complete or correct the facts of a breach (awareAt cannot change: it set the legal clocks)', params: idParams, querystring: s.scopeQuery, body: s.updateBody, response: { 200: s.breachDetail, ...errors } },
  }, async (req) => service.update(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body));

  app.post(`${base}/:id/checklist/:item`, {
    schema: { tags, summary: 'Tick or untick a containment step', params: s.checklistParams, querystring: s.scopeQuery, body: s.checklistBody, response: { 200: s.breachDetail, ...errors } },
  }, async (req) => service.tick(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.params.item, req.body.done));

  app.post(`${base}/:id/affected`, {
    schema: { tags, summary: 'Find the subjects whose rows in the chosen tables fall in a time window; they become the recipients of the notice', params: idParams, querystring: s.scopeQuery, body: s.affectedBody, response: { 200: s.affectedAnswer, ...errors } },
  }, async (req) => service.findAffected(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id, req.body));

  app.get(`${base}/:id/recipients`, {
    schema: { tags, summary: 'The people to notify and the delivery state of each notice', params: idParams, querystring: s.scopeQuery, response: { 200: s.recipientsAnswer, ...errors } },
  }, async (req) => service.recipients(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.params.id));

  app.post(`${base}/:id/notify`, {
    schema: { tags, summary: 'Mail the notice to the queued recipients (a batched job; progress on the breach)', params: idParams, querystring: s.scopeQuery, response: { 202: s.notifyAnswer, ...errors } },
  }, async (req, reply) => reply.status(202).send(await service.notify(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id)));

  app.post(`${base}/:id/notify/retry-failed`, {
    schema: { tags, summary: 'Queue the failed notices again and mail them (a batched job); sent notices are not repeated', params: idParams, querystring: s.scopeQuery, response: { 202: s.notifyAnswer, ...errors } },
  }, async (req, reply) => reply.status(202).send(await service.retryFailed(ctx, await officer(ctx, req, 'privacy.manage', req.query.scope), req.params.id)));

  app.get(`${base}/:id/report`, {
    schema: {
      tags, summary: 'The report to the supervisory authority (GDPR Art. 33(3), UU PDP Pasal 46): JSON, or printable HTML with ?format=html',
      params: idParams, querystring: s.reportQuery, produces: ['application/json', 'text/html'], response: { 200: z.any().describe('the report'), ...errors },
    },
  }, async (req, reply) => {
    const report = await buildReport(ctx, await officer(ctx, req, 'privacy.read', req.query.scope), req.params.id);
    if (req.query.format === 'html') return reply.type('text/html; charset=utf-8').header('content-disposition', `inline; filename="breach-${report.breachId}.html"`).send(reportHtml(report));
    return reply.header('content-disposition', `attachment; filename="breach-${report.breachId}.json"`).send(report);
  });
}

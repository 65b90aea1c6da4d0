import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as payments from './payments-service.js';
import * as plans from './plans-service.js';
import * as schema from './schema.js';

const tags = ['billing'];

/** The platform operator's billing routes: plans and refunds. */
export function billingPlatformRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/platform/billing/plans', { schema: { tags, summary: 'Every plan, inactive ones included', response: { 200: z.object({ data: z.array(schema.planView) }), ...errors } } }, async (req) => {
    await requireOperator(ctx, req);
    return { data: await plans.list(ctx, false) };
  });

  app.post('/api/v1/platform/billing/plans', { schema: { tags, summary: 'Create a plan', body: schema.planCreate, response: { 201: schema.planView, ...errors } } }, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    return reply.status(201).send(await plans.create(ctx, actor, req.body));
  });

  app.patch('/api/v1/platform/billing/plans/:id', { schema: { tags, summary: 'Rename a plan or take it off sale (prices never change: a new price is a new plan)', params: idParams, body: schema.planPatch, response: { 200: schema.planView, ...errors } } }, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return plans.update(ctx, actor, req.params.id, req.body);
  });

  app.post('/api/v1/platform/billing/invoices/:id/refund', { schema: { tags, summary: 'Refund a paid invoice through Stripe', params: idParams, response: { 200: z.object({ refundId: z.string() }), ...errors, 502: errors[400] } } }, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return payments.refund(ctx, actor, req.params.id);
  });
}

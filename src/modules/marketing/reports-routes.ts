import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { reportView } from './campaigns-schema.js';
import { campaignReport } from './reports-service.js';

export function reportsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/campaigns/:id/report', { schema: { tags: ['marketing'], summary: 'Sent, delivered, bounced, opened, clicked, unsubscribed, skipped per reason, and an hourly series', params: idParams, response: { 200: reportView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return campaignReport(ctx, scope, req.params.id);
  });
}

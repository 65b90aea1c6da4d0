import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import * as workspaces from '../workspaces/repo.js';
import { buildRopa, ropaHtml, type Ropa } from './ropa.js';
import { PLATFORM_REGION, workspaceRegion } from './subprocessors.js';

const tags = ['governance'];
const query = z.object({ format: z.enum(['json', 'html']).default('json'), workspaceId: z.string().max(100).optional() });

const activity = z.object({
  purpose: z.string(),
  lawfulBases: z.array(z.string()),
  dataSubjects: z.array(z.string()),
  dataCategories: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), label: z.string(), retention: z.string() })),
  recipients: z.array(z.object({ key: z.string(), name: z.string(), country: z.string().nullable() })),
  transfers: z.array(z.object({ key: z.string(), name: z.string(), country: z.string(), mechanism: z.string() })),
});
const ropaSchema = z.object({
  controller: z.object({ name: z.string(), contact: z.string() }),
  scope: z.enum(['platform', 'workspace']),
  dataRegion: z.string(),
  generatedAt: z.string(),
  activities: z.array(activity),
  transfersMade: z.array(z.object({ key: z.string(), name: z.string(), purpose: z.string(), country: z.string().nullable(), mechanism: z.string().nullable(), batches: z.number(), subjects: z.number(), firstAt: z.string(), lastAt: z.string() })).describe('Transfers abroad actually made, from the disclosure log'),
});
// The HTML variant is a download; the schema documents the JSON one.
const response = { 200: ropaSchema.or(z.string()), ...errors };

/** Records of processing activities, as JSON or a printable page, for privacy officers. */
export function ropaRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const send = (format: 'json' | 'html', r: Ropa, reply: FastifyReply) =>
    format === 'html'
      ? reply.type('text/html; charset=utf-8').header('content-disposition', 'inline; filename="records-of-processing.html"').send(ropaHtml(r))
      : reply.header('content-disposition', 'attachment; filename="records-of-processing.json"').send(r);

  app.get('/api/v1/platform/ropa', { schema: { tags, summary: 'The operator’s records of processing activities (GDPR Art. 30)', querystring: query, response } }, async (req, reply) => {
    await requireOperator(ctx, req);
    return send(req.query.format, await buildRopa(ctx, { scope: 'platform', workspaceId: null, controller: ctx.config.operator.name, dataRegion: PLATFORM_REGION }), reply);
  });

  app.get('/api/v1/privacy/ropa', { schema: { tags, summary: 'This workspace’s records of processing activities (GDPR Art. 30)', querystring: query, response } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'privacy.manage');
    const ws = await workspaces.findWorkspace(ctx.db.k, scope.workspaceId);
    const region = await workspaceRegion(ctx, scope.workspaceId);
    return send(req.query.format, await buildRopa(ctx, { scope: 'workspace', workspaceId: scope.workspaceId, controller: ws?.name ?? scope.workspaceId, dataRegion: region }), reply);
  });
}

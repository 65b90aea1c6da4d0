import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { errors } from '../../http/schemas.js';
import { officer } from '../privacy/requests-routes.js';
import { disclosuresCsv, listDisclosures } from './disclosures.js';

const tags = ['governance'];
const isoTime = z.iso.datetime({ offset: true });

const query = z.object({
  scope: z.enum(['platform', 'workspace']).optional().describe('platform: the operator’s own processing (platform operators only)'),
  from: isoTime.optional().describe('Rows written at or after this time'),
  to: isoTime.optional().describe('Rows written before this time'),
  subprocessor: z.string().min(1).max(100).optional().describe('Key of the sub-processor register'),
  crossBorder: z.enum(['true', 'false']).optional().describe('Only transfers abroad (true) or only flows inside the data region (false)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  format: z.enum(['json', 'csv']).default('json').describe('csv: every row of the filter as a download'),
});

const disclosure = z.object({
  id: z.string(),
  workspaceId: z.string().nullable(),
  subprocessor: z.string(),
  source: z.string(),
  purpose: z.string(),
  dataCategories: z.array(z.string()),
  subjectCount: z.number(),
  country: z.string().nullable(),
  dataRegion: z.string(),
  crossBorder: z.boolean(),
  mechanism: z.string().nullable(),
  firstAt: z.string(),
  lastAt: z.string(),
  createdAt: z.string(),
});
const page = z.object({ data: z.array(disclosure), nextCursor: z.string().nullable() });

/** The disclosure and transfer log for privacy officers (a workspace's) and operators (the platform's). */
export function disclosureRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/privacy/disclosures', {
    schema: {
      tags, summary: 'Personal data that flowed to sub-processors, one row per batch, with cross-border transfers and their mechanism; CSV with ?format=csv',
      querystring: query, produces: ['application/json', 'text/csv'], response: { 200: page.or(z.string()), ...errors },
    },
  }, async (req, reply) => {
    const s = await officer(ctx, req, 'privacy.read', req.query.scope);
    const filter = { from: req.query.from, to: req.query.to, subprocessor: req.query.subprocessor, crossBorder: req.query.crossBorder === undefined ? undefined : req.query.crossBorder === 'true' };
    if (req.query.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="disclosures.csv"').send(await disclosuresCsv(ctx, s.workspaceId, filter));
    }
    return listDisclosures(ctx, s.workspaceId, { ...filter, limit: req.query.limit, cursor: req.query.cursor });
  });
}

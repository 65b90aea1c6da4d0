import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { dashboard, type DashboardScope } from './retention-dashboard.js';

const tags = ['governance'];

const dashboardAnswer = z.object({
  generatedAt: z.string(),
  requests: z.object({
    open: z.number().int(),
    overdue: z.number().int(),
    dueSoon: z.number().int().describe('Due within 7 days'),
    next: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), dueAt: z.string() })),
  }),
  breaches: z.object({ open: z.number().int(), overdue: z.number().int() }).describe('Breaches with a notice (authority or subjects) not yet sent'),
  retention: z
    .object({ nextRunAt: z.string(), actions: z.array(z.object({ table: z.string(), action: z.string(), rows: z.number().int() })) })
    .nullable()
    .describe('Platform scope only: retention runs for the whole deployment'),
  consent: z.object({
    windowDays: z.number().int(),
    purposes: z.array(z.object({ purpose: z.string(), granted: z.number().int(), denied: z.number().int(), rate: z.number().nullable() })),
  }),
});

/** The data-protection dashboard: a workspace's privacy officers, or (scope=platform) a platform operator. */
export function retentionRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/privacy/dashboard', {
    schema: {
      tags,
      summary: 'Data-protection dashboard: open requests and deadlines, the next retention run and what it will touch, consent rates',
      querystring: z.object({ scope: z.enum(['platform', 'workspace']).default('workspace') }),
      response: { 200: dashboardAnswer, ...errors },
    },
  }, async (req) => {
    let scope: DashboardScope;
    if (req.query.scope === 'platform') {
      await requireOperator(ctx, req);
      scope = { kind: 'platform' };
    } else {
      scope = { kind: 'workspace', workspaceId: (await requireWorkspace(ctx, req, 'privacy.read')).workspaceId };
    }
    return dashboard(ctx, scope);
  });
}

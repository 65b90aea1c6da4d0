import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { breakdown, dashboard } from './dashboard.js';
import { breakdownAnswer, breakdownQuery, dashboardAnswer, dashboardQuery } from './dashboard-schema.js';

const tags = ['analytics'];

/** The dashboard of the caller's workspace site, and of the platform's own site for operators. */
export function dashboardRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/analytics/dashboard', {
    schema: { tags, summary: "Visitors, page views, sessions, bounce rate and time on page of the workspace's site, per day, optionally beside the previous period", querystring: dashboardQuery, response: { 200: dashboardAnswer, ...errors } },
  }, async (req) => dashboard(ctx, (await requireWorkspace(ctx, req, 'records.read')).workspaceId, req.query));

  app.get('/api/v1/analytics/breakdown', {
    schema: { tags, summary: "Top pages, referrers, campaigns, countries, browsers, systems, devices or features of the workspace's site", querystring: breakdownQuery, response: { 200: breakdownAnswer, ...errors } },
  }, async (req) => breakdown(ctx, (await requireWorkspace(ctx, req, 'records.read')).workspaceId, req.query));

  app.get('/api/v1/platform/analytics/dashboard', {
    schema: { tags, summary: "The platform's own site: visitors, page views and more per day (platform operators)", querystring: dashboardQuery, response: { 200: dashboardAnswer, ...errors } },
  }, async (req) => {
    await requireOperator(ctx, req);
    return dashboard(ctx, null, req.query);
  });

  app.get('/api/v1/platform/analytics/breakdown', {
    schema: { tags, summary: "The platform's own site: one breakdown (platform operators)", querystring: breakdownQuery, response: { 200: breakdownAnswer, ...errors } },
  }, async (req) => {
    await requireOperator(ctx, req);
    return breakdown(ctx, null, req.query);
  });
}

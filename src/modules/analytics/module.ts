import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ingestRoutes } from './ingest-routes.js';
import { registerIngestJobs } from './jobs-ingest.js';
import { analyticsSettingsRoutes } from './settings-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { registerRollupJobs } from './jobs-rollup.js';

/**
 * The analytics module's routes and jobs, registered in src/modules/index.ts: ingestion and
 * settings, the dashboard, and the jobs behind them (flushing, salts, aggregates, retention).
 */
export function analyticsRoutes(app: FastifyInstance, ctx: AppContext): void {
  ingestRoutes(app, ctx);
  analyticsSettingsRoutes(app, ctx);
  dashboardRoutes(app, ctx);
}

export function registerAnalyticsJobs(ctx: AppContext): void {
  registerIngestJobs(ctx);
  registerRollupJobs(ctx);
}

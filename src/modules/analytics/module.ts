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
  analyticsSettingsRoutes(app, ctx);
  dashboardRoutes(app, ctx);
}

/** The tracking beacon: called from any site with no credentials (see beaconRoutes in ../index.ts). */
export const analyticsBeaconRoutes = ingestRoutes;

export function registerAnalyticsJobs(ctx: AppContext): void {
  registerIngestJobs(ctx);
  registerRollupJobs(ctx);
}

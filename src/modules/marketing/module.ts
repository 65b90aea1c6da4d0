import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { campaignsRoutes } from './campaigns-routes.js';
import { formsRoutes } from './forms-module.js';
import { bouncesRoutes } from './bounces-routes.js';
import { listsRoutes } from './lists-routes.js';
import { reportsRoutes } from './reports-routes.js';
import { registerSendJobs } from './send-service.js';
import { suppressionsRoutes } from './suppressions-routes.js';
import { templatesRoutes } from './templates-routes.js';
import { trackingRoutes } from './tracking-routes.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';

/**
 * The marketing module's routes and jobs, registered in src/modules/index.ts: lists, segments,
 * campaigns, their sending and reports, the public unsubscribe, preference and confirmation links,
 * open and click tracking, the suppression list, and the inbound endpoint for bounces and complaints.
 */
export function marketingRoutes(app: FastifyInstance, ctx: AppContext): void {
  listsRoutes(app, ctx);
  campaignsRoutes(app, ctx);
  unsubscribeRoutes(app, ctx);
  trackingRoutes(app, ctx);
  bouncesRoutes(app, ctx);
  reportsRoutes(app, ctx);
  templatesRoutes(app, ctx);
  suppressionsRoutes(app, ctx);
  formsRoutes(app, ctx);
}

export function registerMarketingJobs(ctx: AppContext): void {
  registerSendJobs(ctx);
}

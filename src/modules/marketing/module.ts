import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { campaignsRoutes } from './campaigns-routes.js';
import { formsRoutes } from './forms-module.js';
import { listsRoutes } from './lists-routes.js';
import { registerSendJobs } from './send-service.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';

/**
 * The marketing module's routes and jobs, registered in src/modules/index.ts: lists, segments,
 * campaigns and their sending, the public unsubscribe, preference and confirmation links.
 */
export function marketingRoutes(app: FastifyInstance, ctx: AppContext): void {
  listsRoutes(app, ctx);
  campaignsRoutes(app, ctx);
  unsubscribeRoutes(app, ctx);
  formsRoutes(app, ctx);
}

export function registerMarketingJobs(ctx: AppContext): void {
  registerSendJobs(ctx);
}

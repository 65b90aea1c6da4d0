/** The breach register's and the minors' report's routes and jobs, as src/modules/index.ts lists them. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { registerBreachJobs as breachJobs } from './breaches-jobs.js';
import { breachRoutes as routes } from './breaches-routes.js';
import { minorRoutes } from './minors-routes.js';

export function breachRoutes(app: FastifyInstance, ctx: AppContext): void {
  routes(app, ctx);
  minorRoutes(app, ctx);
}

export function registerBreachJobs(ctx: AppContext): void {
  breachJobs(ctx);
}

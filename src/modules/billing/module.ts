import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { registerBillingJobs } from './jobs.js';
import { billingPlatformRoutes } from './platform-routes.js';
import { billingRoutes } from './routes.js';
import { billingWebhookRoutes } from './webhook-routes.js';

/** Plans, subscriptions, invoices and payments (Stripe, Midtrans). */
export function billingModuleRoutes(app: FastifyInstance, ctx: AppContext): void {
  billingRoutes(app, ctx);
  billingPlatformRoutes(app, ctx);
  billingWebhookRoutes(app, ctx);
}

export { registerBillingJobs };

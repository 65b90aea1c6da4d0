import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { demoRoutes, ensureDemoForm } from './demo.js';
import { formBuilderRoutes } from './forms-routes.js';
import { formPublicRoutes } from './submissions-routes.js';

/** Forms and demo requests: the builder, the public endpoints and pages, the operator's demo form (made at the first start). */
export function formsRoutes(app: FastifyInstance, ctx: AppContext): void {
  formBuilderRoutes(app, ctx);
  formPublicRoutes(app, ctx);
  demoRoutes(app, ctx);
  app.addHook('onReady', async () => {
    await ensureDemoForm(ctx);
  });
}

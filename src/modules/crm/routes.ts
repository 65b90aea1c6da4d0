import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { activitiesRoutes } from './activities-routes.js';
import { companiesRoutes } from './companies-routes.js';
import { contactsRoutes } from './contacts-routes.js';
import { importsRoutes } from './imports-routes.js';
import { duplicatesRoutes } from './duplicates-routes.js';
import { crmSettingsRoutes } from './settings-routes.js';

export function crmRoutes(app: FastifyInstance, ctx: AppContext): void {
  contactsRoutes(app, ctx);
  companiesRoutes(app, ctx);
  crmSettingsRoutes(app, ctx);
  importsRoutes(app, ctx);
  duplicatesRoutes(app, ctx);
  activitiesRoutes(app, ctx);
}

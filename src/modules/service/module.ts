import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ticketsRoutes } from './tickets-routes.js';
import { teamsRoutes } from './teams-routes.js';
import { cannedRoutes } from './canned-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { inboundRoutes } from './inbound-routes.js';
import { csatRoutes } from './csat-routes.js';
import { registerCsatJobs } from './csat-service.js';
import { kbPageRoutes } from './kb-page-routes.js';
import { kbRoutes } from './kb-routes.js';
import { portalPageRoutes } from './portal-page-routes.js';
import { registerPortalJobs } from './portal-service.js';
import { portalRoutes } from './portal-routes.js';
import { widgetRoutes } from './portal-widget.js';
import { registerServiceMailJobs } from './mail-out.js';
import { registerSlaJobs } from './sla-jobs.js';
import { slaRoutes } from './sla-routes.js';

/**
 * The service module's routes and jobs, registered in src/modules/index.ts. Each feature adds its
 * route function to `routes` and its job registration to `jobs`, one line each.
 */
const routes: ((app: FastifyInstance, ctx: AppContext) => void)[] = [
  ticketsRoutes,
  teamsRoutes,
  cannedRoutes,
  settingsRoutes,
  inboundRoutes,
  kbRoutes,
  slaRoutes,
  kbPageRoutes,
  portalRoutes,
  portalPageRoutes,
  csatRoutes,
  widgetRoutes,
];

const jobs: ((ctx: AppContext) => void)[] = [
  registerServiceMailJobs,
  registerSlaJobs,
  registerPortalJobs,
  registerCsatJobs,
];

export function serviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const r of routes) r(app, ctx);
}

export function registerServiceJobs(ctx: AppContext): void {
  for (const j of jobs) j(ctx);
}

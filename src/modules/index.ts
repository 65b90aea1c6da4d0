import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { accountsRoutes } from './accounts/routes.js';
import { crmRoutes } from './crm/routes.js';
import { salesRoutes } from './sales/routes.js';
import { registerCrmJobs } from './crm/jobs.js';
import { registerAccountJobs } from './accounts/jobs.js';
import { governanceRoutes, registerGovernanceJobs } from './governance/routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { privacyRequestRoutes } from './privacy/requests-routes.js';
import { contactPrivacyRoutes } from './privacy/consent-routes.js';
import { selfServiceRoutes } from './privacy/selfservice-routes.js';
import { consentPublicRoutes } from './privacy/consent-public-routes.js';
import { consentProofRoutes } from './privacy/consent-proof.js';
import { cookieRoutes } from './privacy/cookies-routes.js';
import { snippetRoutes } from './privacy/snippet-routes.js';
import { registerRequestJobs } from './privacy/requests-jobs.js';
import { privacyEngineJobs } from './privacy/jobs.js';
import { workspacesRoutes } from './workspaces/routes.js';
import { registerWorkspaceJobs } from './workspaces/jobs.js';
import { webhooksRoutes } from './integrations/webhooks-routes.js';
import { registerWebhookJobs } from './integrations/webhooks-jobs.js';
import { integrationRoutes } from './integrations/routes.js';
import { registerIntegrationJobs } from './integrations/jobs.js';
import { analyticsBeaconRoutes, analyticsRoutes, registerAnalyticsJobs } from './analytics/module.js';
import { marketingRoutes, registerMarketingJobs } from './marketing/module.js';
import { breachRoutes, registerBreachJobs } from './governance/breaches-module.js';
import { registerRetentionJobs } from './governance/retention-jobs.js';
import { retentionRoutes } from './governance/retention-routes.js';
import { registerServiceJobs, serviceRoutes } from './service/module.js';
import { billingModuleRoutes, registerBillingJobs } from './billing/module.js';

/** Every module's HTTP routes. Add a module here and its routes are served and documented. */
export const moduleRoutes: ((app: FastifyInstance, ctx: AppContext) => void)[] = [
  accountsRoutes,
  workspacesRoutes,
  governanceRoutes,
  crmRoutes,
  salesRoutes,
  privacyRoutes,
  privacyRequestRoutes,
  contactPrivacyRoutes,
  selfServiceRoutes,
  consentPublicRoutes,
  consentProofRoutes,
  cookieRoutes,
  snippetRoutes,
  webhooksRoutes,
  integrationRoutes,
  analyticsRoutes,
  marketingRoutes,
  retentionRoutes,
  breachRoutes,
  serviceRoutes,
  billingModuleRoutes,
];

/**
 * Routes any website calls without credentials, whose handlers never read a session: served outside
 * the session scope (see http/app.ts), with the security headers, input checks and error answers of
 * every other route.
 */
export const beaconRoutes: ((app: FastifyInstance, ctx: AppContext) => void)[] = [analyticsBeaconRoutes];

/** Every module's job handlers. */
export const moduleJobs: ((ctx: AppContext) => void)[] = [registerAccountJobs, registerWorkspaceJobs, registerCrmJobs, registerWebhookJobs, registerIntegrationJobs, registerRequestJobs, privacyEngineJobs, registerAnalyticsJobs, registerMarketingJobs, registerGovernanceJobs, registerRetentionJobs, registerBreachJobs, registerServiceJobs, registerBillingJobs];

import type { RouteObject } from 'react-router';

/** Settings → Integrations, mounted under RequireWorkspace. */
export const integrationRoutes: RouteObject[] = [
  {
    path: '/settings/integrations',
    lazy: async () => ({ Component: (await import('./IntegrationsPage')).IntegrationsPage }),
  },
];

import type { RouteObject } from 'react-router';

/** Settings → Billing, mounted under RequireWorkspace. */
export const billingRoutes: RouteObject[] = [
  { path: '/settings/billing', lazy: async () => ({ Component: (await import('./BillingPage')).BillingPage }) },
];

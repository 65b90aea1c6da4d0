import type { RouteObject } from 'react-router';

/** The page checks access itself (privacy officers, or an operator for the platform scope). */
export const protectionDashboardRoutes: RouteObject[] = [
  { path: '/governance/dashboard', lazy: async () => ({ Component: (await import('./ProtectionDashboardPage')).ProtectionDashboardPage }) },
];

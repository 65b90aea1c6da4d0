import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** The workspace's site dashboard, mounted under RequireWorkspace. */
export const analyticsRoutes: RouteObject[] = [
  { path: '/analytics', lazy: page(() => import('./AnalyticsPage'), 'AnalyticsPage') },
];

/** The platform site's dashboard: operators may belong to no workspace. */
export const analyticsPlatformRoutes: RouteObject[] = [
  { path: '/platform/analytics', lazy: page(() => import('./AnalyticsPage'), 'PlatformAnalyticsPage') },
];

import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** Campaigns, mailing lists, segments and the suppression list, mounted under RequireWorkspace. */
export const marketingRoutes: RouteObject[] = [
  { path: '/marketing/campaigns', lazy: page(() => import('./CampaignsPage'), 'CampaignsPage') },
  { path: '/marketing/campaigns/:id', lazy: page(() => import('./CampaignPage'), 'CampaignPage') },
  { path: '/marketing/lists', lazy: page(() => import('./ListsPage'), 'ListsPage') },
  { path: '/marketing/segments', lazy: page(() => import('./SegmentsPage'), 'SegmentsPage') },
  { path: '/marketing/suppressions', lazy: page(() => import('./SuppressionsPage'), 'SuppressionsPage') },
];

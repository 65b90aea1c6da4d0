import type { ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** The helpdesk: inbox, ticket, knowledge base, reports and settings, mounted under RequireWorkspace. */
export const serviceRoutes: RouteObject[] = [
  { path: '/service', element: <Navigate to="/service/tickets" replace /> },
  { path: '/service/tickets', lazy: page(() => import('./tickets/TicketsPage'), 'TicketsPage') },
  { path: '/service/tickets/:id', lazy: page(() => import('./tickets/TicketPage'), 'TicketPage') },
  { path: '/service/kb', lazy: page(() => import('./kb/KbPage'), 'KbPage') },
  { path: '/service/kb/articles/:id', lazy: page(() => import('./kb/ArticleEditorPage'), 'ArticleEditorPage') },
  { path: '/service/reports', lazy: page(() => import('./reports/ServiceReportsPage'), 'ServiceReportsPage') },
  { path: '/settings/service', lazy: page(() => import('./settings/ServiceSettingsPage'), 'ServiceSettingsPage') },
];

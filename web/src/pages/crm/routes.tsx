import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

type Module<K extends string> = Record<K, ComponentType>;

/** Lazy like the shell's own routes: each screen is its own chunk. */
function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** CRM and sales screens; mounted by the router inside the workspace guard. */
export const crmRoutes: RouteObject[] = [
  { path: '/contacts', lazy: page(() => import('./contacts/ContactsPage'), 'ContactsPage') },
  { path: '/contacts/import', lazy: page(() => import('./import/ImportPage'), 'ContactImportPage') },
  { path: '/contacts/merge', lazy: page(() => import('./MergePage'), 'ContactMergePage') },
  { path: '/contacts/:id', lazy: page(() => import('./contacts/ContactPage'), 'ContactPage') },
  { path: '/companies', lazy: page(() => import('./companies/CompaniesPage'), 'CompaniesPage') },
  { path: '/companies/import', lazy: page(() => import('./import/ImportPage'), 'CompanyImportPage') },
  { path: '/companies/merge', lazy: page(() => import('./MergePage'), 'CompanyMergePage') },
  { path: '/companies/:id', lazy: page(() => import('./companies/CompanyPage'), 'CompanyPage') },
  { path: '/deals', lazy: page(() => import('../sales/DealsPage'), 'DealsPage') },
  { path: '/deals/:id', lazy: page(() => import('../sales/DealPage'), 'DealPage') },
  { path: '/sales', lazy: page(() => import('../sales/SalesPage'), 'SalesPage') },
  { path: '/activities', lazy: page(() => import('./ActivitiesPage'), 'ActivitiesPage') },
  { path: '/settings/custom-fields', lazy: page(() => import('./settings/CustomFieldsPage'), 'CustomFieldsPage') },
  { path: '/settings/webhooks', lazy: page(() => import('./settings/WebhooksPage'), 'WebhooksPage') },
];

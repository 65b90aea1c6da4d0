import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** The form builder, mounted under RequireWorkspace. */
export const formsRoutes: RouteObject[] = [
  { path: '/marketing/forms', lazy: page(() => import('./FormsListPage'), 'FormsListPage') },
  { path: '/marketing/forms/:id', lazy: page(() => import('./FormBuilderPage'), 'FormBuilderPage') },
];

/** The operator's demo requests: operators may belong to no workspace. */
export const demoRequestRoutes: RouteObject[] = [
  { path: '/platform/demo-requests', lazy: page(() => import('./DemoRequestsPage'), 'DemoRequestsPage') },
  { path: '/platform/demo-form', lazy: page(() => import('./DemoFormPage'), 'DemoFormPage') },
];

import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { FullPageLoader } from './components/Loaders';
import { PublicLayout } from './components/PublicLayout';
import { RequireWorkspace } from './components/RequireWorkspace';
import { analyticsPlatformRoutes, analyticsRoutes } from './pages/analytics/routes';
import { crmRoutes } from './pages/crm/routes';
import { demoRequestRoutes, formsRoutes } from './pages/marketing/forms/routes';
import { marketingRoutes } from './pages/marketing/routes';
import { PRIVACY_PUBLIC_PATHS, privacyAppRoutes, privacyPublicRoutes } from './pages/privacy/routes';
import { breachRoutes } from './pages/governance/breaches/routes';
import { policyRoutes } from './pages/governance/policies/routes';
import { protectionDashboardRoutes } from './pages/governance/dashboard/routes';
import { serviceRoutes } from './pages/service/routes';
import { billingRoutes } from './pages/settings/billing/routes';
import { integrationRoutes } from './pages/settings/integrations/routes';

type Module<K extends string> = Record<K, ComponentType>;

/** Each page is its own chunk, so the sign-up page does not download the settings screens. */
function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

const PUBLIC_PATHS = [
  '/signup',
  '/verify-email',
  '/login',
  '/forgot-password',
  '/reset-password',
  '/invite',
  ...PRIVACY_PUBLIC_PATHS,
];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname);
}

export const router = createBrowserRouter([
  {
    HydrateFallback: FullPageLoader,
    children: [
      {
        Component: PublicLayout,
        children: [
          { path: '/signup', lazy: page(() => import('./pages/SignupPage'), 'SignupPage') },
          { path: '/verify-email', lazy: page(() => import('./pages/VerifyEmailPage'), 'VerifyEmailPage') },
          { path: '/login', lazy: page(() => import('./pages/LoginPage'), 'LoginPage') },
          { path: '/forgot-password', lazy: page(() => import('./pages/ForgotPasswordPage'), 'ForgotPasswordPage') },
          { path: '/reset-password', lazy: page(() => import('./pages/ResetPasswordPage'), 'ResetPasswordPage') },
          { path: '/invite', lazy: page(() => import('./pages/InvitePage'), 'InvitePage') },
          ...privacyPublicRoutes,
        ],
      },
      {
        Component: AppLayout,
        children: [
          { index: true, lazy: page(() => import('./pages/DashboardPage'), 'DashboardPage') },
          { path: '/settings', element: <Navigate to="/settings/profile" replace /> },
          { path: '/settings/profile', lazy: page(() => import('./pages/settings/ProfilePage'), 'ProfilePage') },
          ...privacyAppRoutes,
          ...breachRoutes,
          ...policyRoutes,
          ...protectionDashboardRoutes,
          ...analyticsPlatformRoutes,
          ...demoRequestRoutes,
          {
            Component: RequireWorkspace,
            children: [
              {
                path: '/settings/workspace',
                lazy: page(() => import('./pages/settings/WorkspacePage'), 'WorkspacePage'),
              },
              { path: '/settings/members', lazy: page(() => import('./pages/settings/MembersPage'), 'MembersPage') },
              { path: '/settings/api-keys', lazy: page(() => import('./pages/settings/ApiKeysPage'), 'ApiKeysPage') },
              ...crmRoutes,
              ...marketingRoutes,
              ...formsRoutes,
              ...analyticsRoutes,
              ...serviceRoutes,
              ...billingRoutes,
              ...integrationRoutes,
            ],
          },
          { path: '*', lazy: page(() => import('./pages/NotFoundPage'), 'NotFoundPage') },
        ],
      },
    ],
  },
]);

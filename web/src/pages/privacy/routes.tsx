import { Card, Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, type RouteObject } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { usePrivacyAccess } from './hooks';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** The queue needs privacy.read in the workspace, or platform-operator rights for the platform scope. */
function RequirePrivacy() {
  const { t } = useTranslation();
  const access = usePrivacyAccess();
  if (access.workspace || access.platform) return <Outlet />;
  return (
    <>
      <PageHeader title={t('privacy.queue.title')} />
      <Card>
        <Text>{t('common.errors.forbidden')}</Text>
      </Card>
    </>
  );
}

/** Public pages of the privacy portal, mounted in the public layout (no sign-in). */
export const privacyPublicRoutes: RouteObject[] = [
  { path: '/privacy/request', lazy: page(() => import('./PortalPage'), 'PortalPage') },
  // The server-rendered policy and footer link here.
  { path: '/privacy-request', lazy: page(() => import('./PortalPage'), 'PortalPage') },
  { path: '/privacy/verify', lazy: page(() => import('./VerifyRequestPage'), 'VerifyRequestPage') },
  { path: '/privacy/download', lazy: page(() => import('./DownloadExportPage'), 'DownloadExportPage') },
];

export const PRIVACY_PUBLIC_PATHS = privacyPublicRoutes.map((r) => r.path ?? '');

/** The officer's queue, mounted in the app shell; platform operators may have no workspace. */
export const privacyAppRoutes: RouteObject[] = [
  { path: '/settings/privacy', lazy: page(() => import('./PrivacySettingsPage'), 'PrivacySettingsPage') },
  {
    Component: RequirePrivacy,
    children: [
      { path: '/privacy/requests', lazy: page(() => import('./RequestsPage'), 'RequestsPage') },
      { path: '/privacy/requests/:id', lazy: page(() => import('./RequestPage'), 'RequestPage') },
    ],
  },
];

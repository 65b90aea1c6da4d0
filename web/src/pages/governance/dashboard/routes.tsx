import { Card, Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, type RouteObject } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { usePrivacyAccess } from '../../privacy/hooks';

type Module<K extends string> = Record<K, ComponentType>;

function page<K extends string>(load: () => Promise<Module<K>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** Privacy officers of the workspace, or a platform operator for the platform scope. */
function RequireOfficer() {
  const { t } = useTranslation();
  const access = usePrivacyAccess();
  if (access.workspace || access.platform) return <Outlet />;
  return (
    <>
      <PageHeader title={t('dataProtection.title')} />
      <Card>
        <Text>{t('common.errors.forbidden')}</Text>
      </Card>
    </>
  );
}

export const protectionDashboardRoutes: RouteObject[] = [
  {
    Component: RequireOfficer,
    children: [{ path: '/governance/dashboard', lazy: page(() => import('./ProtectionDashboardPage'), 'ProtectionDashboardPage') }],
  },
];

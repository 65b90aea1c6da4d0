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

/** Policy versions and the sub-processor register are the platform operator's. */
function RequireOperator() {
  const { t } = useTranslation();
  if (usePrivacyAccess().platform) return <Outlet />;
  return (
    <>
      <PageHeader title={t('policies.title')} />
      <Card>
        <Text>{t('common.errors.forbidden')}</Text>
      </Card>
    </>
  );
}

export const policyRoutes: RouteObject[] = [
  {
    Component: RequireOperator,
    children: [
      { path: '/governance/policies', lazy: page(() => import('./PoliciesPage'), 'PoliciesPage') },
      { path: '/governance/policies/new', lazy: page(() => import('./PolicyEditorPage'), 'PolicyEditorPage') },
      { path: '/governance/policies/subprocessors', lazy: page(() => import('./SubprocessorsPage'), 'SubprocessorsPage') },
    ],
  },
];

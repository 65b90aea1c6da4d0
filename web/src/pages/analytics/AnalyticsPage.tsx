import { Card, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentWorkspace } from '../../lib/workspace';
import { AnalyticsView } from './AnalyticsView';

/** The current workspace's site: every member may look; owners and admins change the settings. */
export function AnalyticsPage() {
  const ws = useCurrentWorkspace();
  return <AnalyticsView key={ws.id} scope="workspace" workspaceId={ws.id} canManage={ws.canManage} />;
}

/** The platform's own public site, for platform operators. */
export function PlatformAnalyticsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.data?.user.isPlatformOperator !== true) {
    return (
      <>
        <PageHeader title={t('analytics.platformTitle')} />
        <Card>
          <Text>{t('common.errors.forbidden')}</Text>
        </Card>
      </>
    );
  }
  return <AnalyticsView scope="platform" workspaceId={null} canManage />;
}

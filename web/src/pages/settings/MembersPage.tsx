import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentWorkspace } from '../../lib/workspace';
import { InvitationsCard } from './InvitationsCard';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';

export function MembersPage() {
  const { t } = useTranslation();
  const workspace = useCurrentWorkspace();
  return (
    <>
      <PageHeader
        title={t('settings.members.title')}
        subtitle={t('settings.members.subtitle', { name: workspace.name })}
      />
      <Stack gap="lg">
        {workspace.canManage ? <InviteForm /> : null}
        <MembersTable />
        {workspace.canManage ? <InvitationsCard /> : null}
      </Stack>
    </>
  );
}

import { Alert, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { DetailsCard } from './DetailsCard';
import { InvoicesCard } from './InvoicesCard';
import { PaymentCard } from './PaymentCard';
import { PlanCard } from './PlanCard';

export function BillingPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  return (
    <>
      <PageHeader title={t('billing.title')} subtitle={t('billing.subtitle', { name: current.name })} />
      {current.role !== 'owner' ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden="true" />} maw={720}>
          {t('billing.ownerOnly')}
        </Alert>
      ) : (
        <Stack gap="lg" maw={960}>
          <PlanCard workspaceId={current.id} />
          <PaymentCard workspaceId={current.id} />
          <InvoicesCard workspaceId={current.id} />
          <DetailsCard workspaceId={current.id} />
        </Stack>
      )}
    </>
  );
}

import { ActionIcon, Badge, Table, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SectionLoader, QueryError } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { webhooksApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';
import type { WebhookDelivery } from '../api/jobTypes';
import { notify } from '../../../components/crm/notify';

const STATUS_COLOR: Record<WebhookDelivery['status'], string> = {
  pending: 'gray.7',
  succeeded: 'teal.9',
  failed: 'red.9',
};

/** The latest deliveries of one webhook; refreshes while some are still pending. */
export function DeliveryLog({ hookId, canManage }: { hookId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: key('webhooks', hookId, 'deliveries'),
    queryFn: () => webhooksApi.deliveries(hookId),
    refetchInterval: (query) => (query.state.data?.data.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const redeliver = useMutation({
    mutationFn: (id: string) => webhooksApi.redeliver(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key('webhooks', hookId, 'deliveries') }),
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  if (deliveries.isPending) return <SectionLoader />;
  if (deliveries.isError) return <QueryError error={deliveries.error} />;
  if (deliveries.data.data.length === 0) {
    return (
      <Text fz="sm" c="dimmed" py="sm">
        {t('crmSettings.webhooks.noDeliveries')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('crmSettings.webhooks.event')}</Table.Th>
            <Table.Th>{t('crmSettings.webhooks.status')}</Table.Th>
            <Table.Th>{t('crmSettings.webhooks.response')}</Table.Th>
            <Table.Th>{t('crmSettings.webhooks.attempts')}</Table.Th>
            <Table.Th>{t('crmSettings.webhooks.when')}</Table.Th>
            <Table.Th>{t('crmSettings.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.data.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text ff="monospace" fz="xs">
                  {d.event}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="outline" color={STATUS_COLOR[d.status]}>
                  {t(`crmSettings.webhooks.statuses.${d.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {d.responseStatus ?? '—'}
                {d.responseMs !== null ? ` · ${d.responseMs} ms` : ''}
                {d.error ? (
                  <Text fz="xs" c="red.9" lineClamp={1} title={d.error}>
                    {d.error}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>{format.dateTime(d.createdAt)}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <Tooltip label={t('crmSettings.webhooks.redeliver')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray.7"
                      aria-label={t('crmSettings.webhooks.redeliver')}
                      loading={redeliver.isPending && redeliver.variables === d.id}
                      onClick={() => redeliver.mutate(d.id)}
                    >
                      <IconRefresh size={16} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

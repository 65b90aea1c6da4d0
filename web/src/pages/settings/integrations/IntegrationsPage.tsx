import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { integrationsApi, PROVIDERS, type Connection, type Provider } from './api';
import { ConnectModal } from './ConnectModal';

const STATUS_COLOR = { connected: 'teal.9', error: 'red.9', disconnected: 'gray.7' } as const;

function History({ connection }: { connection: Connection }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { id } = useCurrentWorkspace();
  const runs = useQuery({
    queryKey: ['integrations', id, 'runs', connection.id],
    queryFn: () => integrationsApi.runs(connection.id),
  });
  if (runs.isPending) return <SectionLoader />;
  if (runs.isError) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.data.data.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('integrations.noRuns')}
      </Text>
    );
  return (
    <Table fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('integrations.run.startedAt')}</Table.Th>
          <Table.Th>{t('integrations.run.kind')}</Table.Th>
          <Table.Th>{t('integrations.run.status')}</Table.Th>
          <Table.Th>{t('integrations.run.counts')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.data.data.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{format.dateTime(r.startedAt)}</Table.Td>
            <Table.Td>{t(`integrations.kind.${r.kind}`)}</Table.Td>
            <Table.Td>
              {t(`integrations.runStatus.${r.status}`)}
              {r.errors.length > 0 ? (
                <Text size="xs" c="red">
                  {r.errors[r.errors.length - 1]}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              {t('integrations.run.countsValue', {
                sent: r.sent,
                skipped: r.skipped,
                received: r.received,
                failed: r.failed,
              })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Whether opt-outs arrive at once (a registered webhook) or with the hourly pull, and when the provider last called. */
function WebhookStatus({ webhook }: { webhook: NonNullable<Connection['webhook']> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Stack gap={2}>
      <Text size="sm">
        {t('integrations.webhook.title')}:{' '}
        <Text span size="sm" fw={700} c={webhook.registered ? 'teal.9' : 'gray.7'}>
          {webhook.registered ? t('integrations.webhook.registered') : t('integrations.webhook.notRegistered')}
        </Text>
      </Text>
      {webhook.registered ? (
        <Text size="sm">
          {t('integrations.webhook.lastEvent')}:{' '}
          {webhook.lastEventAt ? format.dateTime(webhook.lastEventAt) : t('common.never')}
        </Text>
      ) : null}
      {webhook.error ? (
        <Text size="sm" c="red">
          {t('integrations.webhook.error')}: {webhook.error}
        </Text>
      ) : null}
    </Stack>
  );
}

function ProviderCard({
  provider,
  connection,
  onConnect,
}: {
  provider: Provider;
  connection: Connection | undefined;
  onConnect: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { id, canManage } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['integrations', id] });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(t, error) });
  const sync = useMutation({
    mutationFn: (cid: string) => integrationsApi.sync(cid),
    onSuccess: async () => {
      notifications.show({ message: t('integrations.syncStarted') });
      await refresh();
    },
    onError,
  });
  const disconnect = useMutation({
    mutationFn: (cid: string) => integrationsApi.disconnect(cid),
    onSuccess: refresh,
    onError,
  });
  const status = connection?.status ?? 'disconnected';
  const live = connection && status !== 'disconnected';
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t(`integrations.provider.${provider}`)}
          </Title>
          <Text size="sm" fw={700} c={STATUS_COLOR[status]}>
            {t(`integrations.status.${status}`)}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t(`integrations.purpose.${provider}`)}
        </Text>
        {live ? (
          <Text size="sm">
            {t('integrations.lastSync')}:{' '}
            {connection.lastSyncAt ? format.dateTime(connection.lastSyncAt) : t('common.never')}
          </Text>
        ) : null}
        {live && connection.webhook ? <WebhookStatus webhook={connection.webhook} /> : null}
        {connection?.lastError ? (
          <Text size="sm" c="red">
            {t('integrations.lastError')}: {connection.lastError}
          </Text>
        ) : null}
        {canManage ? (
          <Group gap="xs">
            <Button size="xs" variant={live ? 'default' : 'filled'} onClick={onConnect}>
              {live ? t('integrations.reconnect') : t('integrations.connect')}
            </Button>
            {live ? (
              <Button size="xs" loading={sync.isPending} onClick={() => sync.mutate(connection.id)}>
                {t('integrations.syncNow')}
              </Button>
            ) : null}
            {live ? (
              <Button
                size="xs"
                color="red"
                variant="subtle"
                loading={disconnect.isPending}
                onClick={() => disconnect.mutate(connection.id)}
              >
                {t('integrations.disconnect')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {connection ? <History connection={connection} /> : null}
      </Stack>
    </Card>
  );
}

export function IntegrationsPage() {
  const { t } = useTranslation();
  const { id } = useCurrentWorkspace();
  const list = useQuery({ queryKey: ['integrations', id], queryFn: integrationsApi.list });
  const [connecting, setConnecting] = useState<Provider | null>(null);
  let content;
  if (list.isPending) content = <SectionLoader />;
  else if (list.isError) content = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else {
    const byProvider = new Map(list.data.data.map((c) => [c.provider, c]));
    content = (
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {PROVIDERS.map((p) => (
          <ProviderCard key={p} provider={p} connection={byProvider.get(p)} onConnect={() => setConnecting(p)} />
        ))}
      </SimpleGrid>
    );
  }
  return (
    <>
      <PageHeader title={t('integrations.title')} subtitle={t('integrations.subtitle')} />
      {content}
      <ConnectModal provider={connecting} onClose={() => setConnecting(null)} />
    </>
  );
}

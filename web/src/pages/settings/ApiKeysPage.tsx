import { ActionIcon, Badge, Button, Card, Code, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys, useApiKeys } from '../../api/queries';
import type { ApiKey } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { useCurrentWorkspace } from '../../lib/workspace';
import { CreateApiKeyModal } from './CreateApiKeyModal';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { id, canManage } = useCurrentWorkspace();
  const keys = useApiKeys();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => workspaceApi.revokeApiKey(key.id),
    onSuccess: async () => {
      notifications.show({ message: t('settings.apiKeys.revoked') });
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.scoped(id, 'apiKeys') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });

  let content;
  if (keys.isPending) content = <SectionLoader />;
  else if (keys.isError) content = <QueryError error={keys.error} onRetry={() => void keys.refetch()} />;
  else if (keys.data.data.length === 0) {
    content = (
      <Text c="dimmed" ta="center" py="xl">
        {t('settings.apiKeys.empty')}
      </Text>
    );
  } else {
    content = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.apiKeys.name')}</Table.Th>
              <Table.Th>{t('settings.apiKeys.prefix')}</Table.Th>
              <Table.Th>{t('settings.apiKeys.scopes')}</Table.Th>
              <Table.Th>{t('settings.apiKeys.expires')}</Table.Th>
              <Table.Th>{t('settings.apiKeys.lastUsed')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('settings.members.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.data.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td fw={600}>{key.name}</Table.Td>
                <Table.Td>
                  <Code>{key.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {key.scopes.map((scope) => (
                      <Badge key={scope} variant="outline" color="gray.7" size="sm">
                        {t(`settings.apiKeys.scope.${scope}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{key.expiresAt ? format.date(key.expiresAt) : t('common.never')}</Table.Td>
                <Table.Td>{key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('common.never')}</Table.Td>
                <Table.Td ta="right">
                  {canManage ? (
                    <Tooltip label={t('settings.apiKeys.revokeFor', { name: key.name })}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('settings.apiKeys.revokeFor', { name: key.name })}
                        onClick={() => setRevoking(key)}
                      >
                        <IconTrash size={18} aria-hidden="true" />
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

  return (
    <>
      <PageHeader
        title={t('settings.apiKeys.title')}
        subtitle={t('settings.apiKeys.subtitle')}
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setCreating(true)}>
              {t('settings.apiKeys.create')}
            </Button>
          ) : null
        }
      />
      <Card>{content}</Card>
      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title={t('settings.apiKeys.revokeTitle')}
        body={t('settings.apiKeys.revokeBody', { name: revoking?.name ?? '' })}
        confirmLabel={t('common.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}

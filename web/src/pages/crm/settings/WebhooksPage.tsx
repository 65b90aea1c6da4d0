import { Accordion, ActionIcon, Badge, Button, Card, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconSend, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { webhooksApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';
import type { Webhook } from '../api/jobTypes';
import { DeliveryLog } from './DeliveryLog';
import { WebhookModal } from './WebhookModal';
import { notify } from '../../../components/crm/notify';

const STATUS_COLOR: Record<Webhook['status'], string> = { active: 'teal.9', paused: 'gray.7', disabled: 'red.9' };

export function WebhooksPage() {
  const { t } = useTranslation();
  const { canManage } = useCurrentWorkspace();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: key('webhooks'), queryFn: webhooksApi.list });
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const test = useMutation({
    mutationFn: (hook: Webhook) => webhooksApi.test(hook.id),
    onSuccess: async (_d, hook) => {
      notify({ message: t('crmSettings.webhooks.testSent') });
      await queryClient.invalidateQueries({ queryKey: key('webhooks', hook.id, 'deliveries') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const remove = useMutation({
    mutationFn: (hook: Webhook) => webhooksApi.remove(hook.id),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: key('webhooks') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const addButton = canManage ? (
    <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setEditing('new')}>
      {t('crmSettings.webhooks.add')}
    </Button>
  ) : null;

  let content;
  if (hooks.isPending) content = <SectionLoader />;
  else if (hooks.isError) content = <QueryError error={hooks.error} onRetry={() => void hooks.refetch()} />;
  else if (hooks.data.data.length === 0) {
    content = (
      <EmptyState
        icon={IconWebhook}
        title={t('crmSettings.webhooks.empty')}
        body={t('crmSettings.webhooks.emptyBody')}
        action={addButton}
      />
    );
  } else {
    content = (
      <Accordion variant="separated" radius="md" chevronPosition="left">
        {hooks.data.data.map((hook) => (
          <Accordion.Item key={hook.id} value={hook.id}>
            <Group wrap="nowrap" gap="xs" pr="sm">
              <Accordion.Control>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600} fz="sm" style={{ overflowWrap: 'anywhere' }}>
                      {hook.url}
                    </Text>
                    <Badge size="sm" variant="outline" color={STATUS_COLOR[hook.status]}>
                      {t(`crmSettings.webhooks.hookStatus.${hook.status}`)}
                    </Badge>
                  </Group>
                  <Text fz="xs" c="dimmed">
                    {hook.events.map((e) => (e === '*' ? t('crmSettings.webhooks.allEvents') : e)).join(', ')}
                    {hook.description ? ` · ${hook.description}` : ''}
                    {hook.failureCount > 0
                      ? ` · ${t('crmSettings.webhooks.failures', { count: hook.failureCount })}`
                      : ''}
                  </Text>
                </Stack>
              </Accordion.Control>
              {canManage ? (
                <Group gap={4} wrap="nowrap">
                  <Tooltip label={t('crmSettings.webhooks.test')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray.7"
                      aria-label={t('crmSettings.webhooks.testFor', { url: hook.url })}
                      loading={test.isPending && test.variables.id === hook.id}
                      onClick={() => test.mutate(hook)}
                    >
                      <IconSend size={18} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('crmSettings.webhooks.edit')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray.7"
                      aria-label={t('crmSettings.webhooks.editFor', { url: hook.url })}
                      onClick={() => setEditing(hook)}
                    >
                      <IconPencil size={18} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('crm.delete')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('crmSettings.webhooks.deleteFor', { url: hook.url })}
                      onClick={() => setDeleting(hook)}
                    >
                      <IconTrash size={18} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ) : null}
            </Group>
            <Accordion.Panel>
              <DeliveryLog hookId={hook.id} canManage={canManage} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    );
  }

  return (
    <>
      <PageHeader
        title={t('crmSettings.webhooks.title')}
        subtitle={t('crmSettings.webhooks.subtitle')}
        actions={hooks.data?.data.length ? addButton : null}
      />
      <Card>{content}</Card>
      {editing !== null ? (
        <WebhookModal hook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      <ConfirmModal
        opened={deleting !== null}
        title={t('crmSettings.webhooks.deleteTitle')}
        body={t('crmSettings.webhooks.deleteBody', { url: deleting?.url ?? '' })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

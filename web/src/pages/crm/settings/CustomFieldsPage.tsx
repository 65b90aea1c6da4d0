import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Table,
  Tabs,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconForms, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { crmApi } from '../api/endpoints';
import { useCrmKey, useCustomFields } from '../api/queries';
import type { CrmObject, CustomField } from '../api/types';
import { CustomFieldModal } from './CustomFieldModal';
import { notify } from '../../../components/crm/notify';

const OBJECTS: CrmObject[] = ['contact', 'company', 'deal'];

function FieldTable({ object }: { object: CrmObject }) {
  const { t } = useTranslation();
  const { canManage } = useCurrentWorkspace();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const fields = useCustomFields(object);
  const [editing, setEditing] = useState<CustomField | null | 'new'>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const remove = useMutation({
    mutationFn: (field: CustomField) => crmApi.removeCustomField(field.id),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: key('customFields', object) });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const addButton = canManage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing('new')}>
      {t('crmSettings.customFields.add')}
    </Button>
  ) : null;

  let content;
  if (fields.isPending) content = <SectionLoader />;
  else if (fields.isError) content = <QueryError error={fields.error} onRetry={() => void fields.refetch()} />;
  else if (fields.data.data.length === 0) {
    content = (
      <EmptyState
        icon={IconForms}
        title={t('crmSettings.customFields.empty')}
        body={t('crmSettings.customFields.emptyBody')}
        action={addButton}
      />
    );
  } else {
    content = (
      <>
        <Group justify="flex-end" mb="md">
          {addButton}
        </Group>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crmSettings.customFields.label')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.key')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.type')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.options')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('crmSettings.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.data.data.map((field) => (
                <Table.Tr key={field.id}>
                  <Table.Td fw={600}>
                    {field.label}{' '}
                    {field.required ? (
                      <Badge size="xs" variant="outline" color="gray.7">
                        {t('crmSettings.customFields.requiredBadge')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Code>{field.key}</Code>
                  </Table.Td>
                  <Table.Td>{t(`crmSettings.customFields.types.${field.type}`)}</Table.Td>
                  <Table.Td>
                    <Text fz="sm" c={field.options.length ? undefined : 'dimmed'}>
                      {field.options.join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {canManage ? (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('crmSettings.customFields.editFor', { label: field.label })}>
                          <ActionIcon
                            variant="subtle"
                            color="gray.7"
                            aria-label={t('crmSettings.customFields.editFor', { label: field.label })}
                            onClick={() => setEditing(field)}
                          >
                            <IconPencil size={18} aria-hidden="true" />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('crmSettings.customFields.deleteFor', { label: field.label })}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('crmSettings.customFields.deleteFor', { label: field.label })}
                            onClick={() => setDeleting(field)}
                          >
                            <IconTrash size={18} aria-hidden="true" />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </>
    );
  }

  return (
    <>
      {content}
      {editing !== null ? (
        <CustomFieldModal
          object={object}
          field={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmModal
        opened={deleting !== null}
        title={t('crmSettings.customFields.deleteTitle')}
        body={t('crmSettings.customFields.deleteBody', { label: deleting?.label ?? '' })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

export function CustomFieldsPage() {
  const { t } = useTranslation();
  const [object, setObject] = useState<CrmObject>('contact');
  return (
    <>
      <PageHeader title={t('crmSettings.customFields.title')} subtitle={t('crmSettings.customFields.subtitle')} />
      <Card>
        <Tabs value={object} onChange={(v) => v && setObject(v as CrmObject)} keepMounted={false}>
          <Tabs.List mb="lg">
            {OBJECTS.map((o) => (
              <Tabs.Tab key={o} value={o}>
                {t(`crmSettings.objects.${o}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {OBJECTS.map((o) => (
            <Tabs.Panel key={o} value={o}>
              <FieldTable object={o} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Card>
    </>
  );
}

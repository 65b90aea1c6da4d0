import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { IconFileImport, IconPlus, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { RecordList, type ListColumn } from '../../../components/crm/RecordList';
import { useRecordName } from '../../../components/crm/RecordSelect';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { contactsApi } from '../api/endpoints';
import { useCanWrite, useMemberDirectory } from '../api/queries';
import type { Contact } from '../api/types';
import { LifecycleBadge } from './LifecycleBadge';
import { NewContactModal } from './NewContactModal';

function CompanyCell({ id }: { id: string | null }) {
  const name = useRecordName('company', id);
  if (!id) return <Text c="dimmed">—</Text>;
  return (
    <Anchor component={Link} to={`/companies/${id}`} fz="sm">
      {name ?? '…'}
    </Anchor>
  );
}

export function ContactsPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const canWrite = useCanWrite();
  const members = useMemberDirectory();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<ListColumn<Contact>[]>(
    () => [
      {
        accessor: 'name',
        label: t('crm.fields.name'),
        sortable: true,
        sortField: 'firstName',
        render: (c) => (
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} fz="sm">
              {c.name}
            </Anchor>
            {c.restricted ? (
              <Badge size="xs" color="orange" c="orange.9" variant="light">
                {t('crm.restricted')}
              </Badge>
            ) : null}
          </Group>
        ),
      },
      { accessor: 'email', label: t('crm.fields.email'), sortable: true, toggleable: true },
      { accessor: 'phone', label: t('crm.fields.phone'), toggleable: true, defaultToggle: false },
      { accessor: 'title', label: t('crm.fields.title'), sortable: true, toggleable: true },
      {
        accessor: 'companyId',
        label: t('crm.fields.company'),
        toggleable: true,
        render: (c) => <CompanyCell id={c.companyId} />,
      },
      {
        accessor: 'lifecycleStage',
        label: t('crm.fields.lifecycleStage'),
        sortable: true,
        toggleable: true,
        render: (c) => <LifecycleBadge stage={c.lifecycleStage} />,
      },
      {
        accessor: 'ownerId',
        label: t('crm.fields.ownerId'),
        toggleable: true,
        render: (c) => members.name(c.ownerId) ?? '—',
      },
      {
        accessor: 'tags',
        label: t('crm.fields.tags'),
        toggleable: true,
        defaultToggle: false,
        render: (c) => c.tags.join(', ') || '—',
      },
      {
        accessor: 'createdAt',
        label: t('crm.fields.createdAt'),
        sortable: true,
        toggleable: true,
        render: (c) => format.date(c.createdAt),
      },
      {
        accessor: 'updatedAt',
        label: t('crm.fields.updatedAt'),
        sortable: true,
        toggleable: true,
        defaultToggle: false,
        render: (c) => format.date(c.updatedAt),
      },
    ],
    [t, format, members],
  );

  return (
    <>
      <PageHeader
        title={t('crm.contacts.title')}
        subtitle={t('crm.contacts.subtitle')}
        actions={
          canWrite ? (
            <Group gap="sm">
              <Button
                component={Link}
                to="/contacts/import"
                variant="default"
                leftSection={<IconFileImport size={18} aria-hidden="true" />}
              >
                {t('crm.import.button')}
              </Button>
              <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setCreating(true)}>
                {t('crm.contacts.new')}
              </Button>
            </Group>
          ) : null
        }
      />
      <RecordList<Contact>
        object="contact"
        columns={columns}
        fetchPage={contactsApi.list}
        exportPath="/api/v1/contacts/export"
        searchLabel={t('crm.contacts.search')}
        empty={
          <EmptyState
            icon={IconUsers}
            title={t('crm.contacts.emptyTitle')}
            body={t('crm.contacts.emptyBody')}
            action={
              canWrite ? (
                <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={16} aria-hidden="true" />}>
                  {t('crm.contacts.new')}
                </Button>
              ) : null
            }
          />
        }
      />
      <NewContactModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

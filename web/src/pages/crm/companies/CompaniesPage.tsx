import { Anchor, Button, Group, Modal } from '@mantine/core';
import { IconBuildingSkyscraper, IconFileImport, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { RecordList, type ListColumn } from '../../../components/crm/RecordList';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { companiesApi } from '../api/endpoints';
import { useCanWrite, useCrmKey, useMemberDirectory } from '../api/queries';
import type { Company } from '../api/types';
import { CompanyForm } from './CompanyForm';
import { notify } from '../../../components/crm/notify';

export function CompaniesPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const canWrite = useCanWrite();
  const members = useMemberDirectory();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<ListColumn<Company>[]>(
    () => [
      {
        accessor: 'name',
        label: t('crm.fields.name'),
        sortable: true,
        render: (c) => (
          <Anchor component={Link} to={`/companies/${c.id}`} fw={600} fz="sm">
            {c.name}
          </Anchor>
        ),
      },
      { accessor: 'domain', label: t('crm.fields.domain'), sortable: true, toggleable: true },
      { accessor: 'industry', label: t('crm.fields.industry'), sortable: true, toggleable: true },
      { accessor: 'size', label: t('crm.fields.size'), sortable: true, toggleable: true },
      { accessor: 'phone', label: t('crm.fields.phone'), toggleable: true, defaultToggle: false },
      {
        accessor: 'contactCount',
        label: t('crm.fields.contactCount'),
        toggleable: true,
        textAlign: 'right',
        render: (c) => c.contactCount ?? '—',
      },
      {
        accessor: 'ownerId',
        label: t('crm.fields.ownerId'),
        toggleable: true,
        render: (c) => members.name(c.ownerId) ?? '—',
      },
      {
        accessor: 'createdAt',
        label: t('crm.fields.createdAt'),
        sortable: true,
        toggleable: true,
        render: (c) => format.date(c.createdAt),
      },
    ],
    [t, format, members],
  );

  return (
    <>
      <PageHeader
        title={t('crm.companies.title')}
        subtitle={t('crm.companies.subtitle')}
        actions={
          canWrite ? (
            <Group gap="sm">
              <Button
                component={Link}
                to="/companies/import"
                variant="default"
                leftSection={<IconFileImport size={18} aria-hidden="true" />}
              >
                {t('crm.import.button')}
              </Button>
              <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setCreating(true)}>
                {t('crm.companies.new')}
              </Button>
            </Group>
          ) : null
        }
      />
      <RecordList<Company>
        object="company"
        columns={columns}
        fetchPage={companiesApi.list}
        exportPath="/api/v1/companies/export"
        searchLabel={t('crm.companies.search')}
        empty={
          <EmptyState
            icon={IconBuildingSkyscraper}
            title={t('crm.companies.emptyTitle')}
            body={t('crm.companies.emptyBody')}
            action={
              canWrite ? (
                <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={16} aria-hidden="true" />}>
                  {t('crm.companies.new')}
                </Button>
              ) : null
            }
          />
        }
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('crm.companies.new')} size="lg" centered>
        <CompanyForm
          submitLabel={t('crm.companies.create')}
          onCancel={() => setCreating(false)}
          onSubmit={async (input) => {
            const company = await companiesApi.create(input);
            await queryClient.invalidateQueries({ queryKey: key('company') });
            notify({ message: t('crm.companies.created', { name: company.name }) });
            setCreating(false);
            await navigate(`/companies/${company.id}`);
          }}
        />
      </Modal>
    </>
  );
}

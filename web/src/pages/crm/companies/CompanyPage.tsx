import { Anchor, Badge, Button, Card, Drawer, Grid, Group, Stack, Title } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ActivityComposer } from '../../../components/crm/ActivityComposer';
import { CustomFieldValue } from '../../../components/crm/CustomFieldInput';
import { DuplicatesPanel } from '../../../components/crm/DuplicatesPanel';
import { DetailList, RecordHeader } from '../../../components/crm/RecordHeader';
import { Timeline } from '../../../components/crm/Timeline';
import { QueryError } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { companiesApi } from '../api/endpoints';
import { useCanWrite, useCrmKey, useCustomFields, useMemberDirectory } from '../api/queries';
import type { Company } from '../api/types';
import { RecordPageSkeleton } from '../RecordPageSkeleton';
import { CompanyForm } from './CompanyForm';
import { CompanyContacts, CompanyDeals } from './CompanyLinks';
import { notify } from '../../../components/crm/notify';

function CompanyDetails({ company }: { company: Company }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const members = useMemberDirectory();
  const customFields = useCustomFields('company');
  const place = [company.address.city, company.address.region, company.address.country].filter(Boolean).join(', ');
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('crm.record.details')}
      </Title>
      <DetailList
        items={[
          {
            label: t('crm.fields.domain'),
            value: company.domain ? (
              <Anchor fz="sm" href={`https://${company.domain}`} target="_blank" rel="noopener noreferrer">
                {company.domain}
              </Anchor>
            ) : null,
          },
          { label: t('crm.fields.industry'), value: company.industry },
          { label: t('crm.fields.size'), value: company.size },
          { label: t('crm.fields.phone'), value: company.phone },
          { label: t('crm.fields.ownerId'), value: members.name(company.ownerId) },
          { label: t('crm.fields.address'), value: place },
          { label: t('crm.fields.tags'), value: company.tags.join(', ') },
          ...(customFields.data?.data ?? []).map((field) => ({
            label: field.label,
            value: <CustomFieldValue field={field} value={company.customFields[field.key]} />,
          })),
          { label: t('crm.fields.createdAt'), value: format.dateTime(company.createdAt) },
        ]}
      />
    </Card>
  );
}

export function CompanyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const key = useCrmKey();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const company = useQuery({ queryKey: key('company', 'record', id), queryFn: () => companiesApi.get(id) });
  const remove = useMutation({
    mutationFn: () => companiesApi.remove(id),
    onSuccess: async () => {
      notify({ message: t('crm.companies.deleted') });
      await queryClient.invalidateQueries({ queryKey: key('company') });
      await navigate('/companies');
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  if (company.isPending) return <RecordPageSkeleton />;
  if (company.isError) return <QueryError error={company.error} onRetry={() => void company.refetch()} />;
  const record = company.data;

  return (
    <>
      <RecordHeader
        title={record.name}
        subtitle={[record.industry, record.domain].filter(Boolean).join(' · ') || undefined}
        back={{ to: '/companies', label: t('crm.companies.title') }}
        avatarColor="indigo"
        badges={
          record.size ? (
            <Badge variant="outline" color="gray.7" size="md">
              {t('crm.companies.employees', { size: record.size })}
            </Badge>
          ) : null
        }
        actions={
          canWrite ? (
            <Group gap="sm">
              <Button
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden="true" />}
                onClick={() => setEditing(true)}
              >
                {t('crm.edit')}
              </Button>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                onClick={() => setDeleting(true)}
              >
                {t('crm.delete')}
              </Button>
            </Group>
          ) : null
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <CompanyDetails company={record} />
            <CompanyContacts companyId={record.id} />
            <CompanyDeals companyId={record.id} />
            <DuplicatesPanel object="company" id={record.id} canMerge={canWrite} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {canWrite ? <ActivityComposer link={{ companyId: record.id }} /> : null}
            <Timeline objectType="company" objectId={record.id} readOnly={!canWrite} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('crm.companies.edit')}
        position="right"
        size="lg"
      >
        <CompanyForm
          company={record}
          submitLabel={t('common.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const updated = await companiesApi.update(record.id, input);
            queryClient.setQueryData(key('company', 'record', id), updated);
            await queryClient.invalidateQueries({ queryKey: key('company') });
            await queryClient.invalidateQueries({ queryKey: key('timeline') });
            notify({ message: t('common.saved') });
            setEditing(false);
          }}
        />
      </Drawer>
      <ConfirmModal
        opened={deleting}
        title={t('crm.companies.deleteTitle')}
        body={t('crm.companies.deleteBody', { name: record.name })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}

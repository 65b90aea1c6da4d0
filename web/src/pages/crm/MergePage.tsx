import { Alert, Button, Card, Group, Radio, Table, Text } from '@mantine/core';
import { IconArrowsJoin, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { FieldLabelKey } from '../../components/crm/fields';
import { useRecordName } from '../../components/crm/RecordSelect';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { companiesApi, contactsApi } from './api/endpoints';
import { useCrmKey, useMemberDirectory } from './api/queries';
import type { Company, Contact } from './api/types';
import { notify } from '../../components/crm/notify';

const FIELDS = {
  contact: ['firstName', 'lastName', 'email', 'phone', 'title', 'companyId', 'source', 'ownerId', 'lifecycleStage'],
  company: ['name', 'domain', 'industry', 'size', 'phone', 'ownerId'],
} as const;

type MergeRecord = (Contact | Company) & Record<string, unknown>;

function display(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function CompanyName({ id }: { id: string }) {
  return <>{useRecordName('company', id) ?? '…'}</>;
}

function MergeValue({ field, value }: { field: string; value: unknown }) {
  const { t, i18n } = useTranslation();
  const { name } = useMemberDirectory();
  if (typeof value === 'string' && field === 'lifecycleStage' && i18n.exists(`crm.lifecycle.${value}`)) {
    return <>{t(`crm.lifecycle.${value as 'lead'}`)}</>;
  }
  if (typeof value === 'string' && value && field === 'companyId') return <CompanyName id={value} />;
  if (typeof value === 'string' && value && field === 'ownerId') return <>{name(value) ?? value}</>;
  return <>{display(value)}</>;
}

/** Side-by-side merge: keep one record, and pick per field whose value survives. */
export function MergePage({ object }: { object: 'contact' | 'company' }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const ids = [params.get('primary') ?? '', params.get('duplicate') ?? ''].filter(Boolean);
  const api = object === 'contact' ? contactsApi : companiesApi;
  const base = object === 'contact' ? '/contacts' : '/companies';
  const records = useQueries({
    queries: ids.map((id) => ({ queryKey: key(object, 'record', id), queryFn: () => api.get(id) })),
  });
  const [primaryId, setPrimaryId] = useState(ids[0] ?? '');
  const [choices, setChoices] = useState<Record<string, string>>({});
  const merge = useMutation({
    mutationFn: (): Promise<{ id: string }> =>
      api.merge({
        primaryId,
        duplicateIds: ids.filter((id) => id !== primaryId),
        fields: Object.fromEntries(FIELDS[object].map((f) => [f, choices[f] ?? primaryId])),
      }),
    onSuccess: async (merged) => {
      notify({ message: t('crm.merge.done') });
      await queryClient.invalidateQueries({ queryKey: key(object) });
      await navigate(`${base}/${merged.id}`, { replace: true });
    },
  });

  const title = t('crm.merge.title');
  if (ids.length !== 2) return <PageHeader title={title} />;
  const failed = records.find((r) => r.isError);
  if (failed) return <QueryError error={failed.error} />;
  const loaded = records.map((r) => r.data).filter((r): r is Contact | Company => r !== undefined) as MergeRecord[];
  if (loaded.length !== 2) return <SectionLoader />;
  const label = (field: string) => t(`crm.fields.${field as FieldLabelKey}`);

  return (
    <>
      <PageHeader title={title} subtitle={t('crm.merge.subtitle')} />
      <Card p={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="lg">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>{t('crm.merge.field')}</Table.Th>
                {loaded.map((r, i) => (
                  <Table.Th key={r.id}>
                    <Radio
                      name="primary"
                      checked={primaryId === r.id}
                      onChange={() => setPrimaryId(r.id)}
                      label={t('crm.merge.keepRecord', { index: i + 1, name: r.name })}
                    />
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELDS[object].map((field) => (
                <Table.Tr key={field}>
                  <Table.Td fw={600} fz="sm">
                    {label(field)}
                  </Table.Td>
                  {loaded.map((r) => (
                    <Table.Td key={r.id}>
                      <Radio
                        name={`field-${field}`}
                        checked={(choices[field] ?? primaryId) === r.id}
                        onChange={() => setChoices((c) => ({ ...c, [field]: r.id }))}
                        label={<MergeValue field={field} value={r[field]} />}
                        aria-label={`${label(field)}: ${display(r[field])} (${r.name})`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between" p="md" wrap="wrap">
          <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden="true" />} p="xs">
            <Text fz="sm">{t('crm.merge.note')}</Text>
          </Alert>
          <Group gap="sm">
            <Button variant="default" onClick={() => void navigate(-1)}>
              {t('common.cancel')}
            </Button>
            <Button
              leftSection={<IconArrowsJoin size={16} aria-hidden="true" />}
              loading={merge.isPending}
              onClick={() => merge.mutate()}
            >
              {t('crm.merge.submit')}
            </Button>
          </Group>
        </Group>
        {merge.isError ? (
          <Alert color="red" role="alert" m="md" mt={0}>
            {errorMessage(t, merge.error)}
          </Alert>
        ) : null}
      </Card>
    </>
  );
}

export function ContactMergePage() {
  return <MergePage object="contact" />;
}

export function CompanyMergePage() {
  return <MergePage object="company" />;
}

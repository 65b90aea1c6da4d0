import { ActionIcon, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilter, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/crm/EmptyState';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useCustomFields } from '../crm/api/queries';
import type { CustomField } from '../crm/api/types';
import { marketingApi, useMarketingKey, useSegments, type SegmentFilter } from './api';

/**
 * Fields a segment can filter on; `custom.<key>` reaches custom fields, `consent.<purpose>` the
 * current consent, `activity.lastAt` the latest logged activity (a date), `email.*` campaign engagement.
 */
const FIELDS = [
  'email',
  'country',
  'city',
  'tags',
  'lifecycleStage',
  'source',
  'locale',
  'consent.marketing',
  'consent.analytics',
  'activity.lastAt',
  'email.opened',
  'email.clicked',
] as const;
const OPS = ['eq', 'neq', 'contains', 'gte', 'lt', 'is_empty', 'is_not_empty'] as const;
/** Fields compared with true/false. */
const isBooleanField = (field: string): boolean => field.startsWith('consent.') || field.startsWith('email.');

const CUSTOM = 'custom.';

/** The contact custom field a `custom.<key>` filter names, if the workspace defines it. */
function customOf(fields: CustomField[] | undefined, field: string): CustomField | undefined {
  return field.startsWith(CUSTOM) ? fields?.find((f) => f.key === field.slice(CUSTOM.length)) : undefined;
}

/** Choices for the value: a custom field's options, or true/false for a yes/no field; otherwise free text. */
function valueChoices(
  custom: CustomField | undefined,
  yes: string,
  no: string,
): { value: string; label: string }[] | null {
  if (!custom) return null;
  if (custom.type === 'boolean')
    return [
      { value: 'true', label: yes },
      { value: 'false', label: no },
    ];
  if ((custom.type === 'select' || custom.type === 'multi_select') && custom.options.length > 0)
    return custom.options.map((o) => ({ value: o, label: o }));
  return null;
}

interface Row {
  field: string;
  op: string;
  value: string;
}

/** Consent and engagement filters compare with true/false; the others send the text as typed. */
function toFilters(rows: Row[]): SegmentFilter[] {
  return rows
    .filter((r) => r.field.trim() !== '')
    .map((r) => {
      if (r.op === 'is_empty' || r.op === 'is_not_empty') return { field: r.field, op: r.op };
      return { field: r.field, op: r.op, value: isBooleanField(r.field) ? r.value !== 'false' : r.value };
    });
}

function NewSegment() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = useMarketingKey();
  // The workspace's own contact fields, read as the CRM pages read them.
  const customFields = useCustomFields('contact');
  const fieldData = [
    {
      group: t('marketing.segments.contactFields'),
      items: FIELDS.map((f) => ({ value: f, label: t(`marketing.segments.fields.${f}`) })),
    },
    ...((customFields.data?.data.length ?? 0) > 0
      ? [
          {
            group: t('marketing.segments.customFields'),
            items: (customFields.data?.data ?? []).map((f) => ({ value: `${CUSTOM}${f.key}`, label: f.label })),
          },
        ]
      : []),
  ];
  const [name, setName] = useState('');
  const [rows, setRows] = useState<Row[]>([{ field: 'consent.marketing', op: 'eq', value: 'true' }]);
  const [filters] = useDebouncedValue(toFilters(rows), 300);
  const count = useQuery({
    queryKey: key('segment-count', JSON.stringify(filters)),
    queryFn: () => marketingApi.countSegment(filters),
    retry: false,
  });
  const create = useMutation({
    mutationFn: () => marketingApi.createSegment({ name: name.trim(), filters: toFilters(rows) }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: key('segments') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Card
      withBorder
      mb="lg"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('marketing.segments.new')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={200}
          w={320}
        />
        {rows.map((r, i) => {
          const choices = valueChoices(
            customOf(customFields.data?.data, r.field),
            t('marketing.segments.yes'),
            t('marketing.segments.no'),
          );
          const noValue = r.op === 'is_empty' || r.op === 'is_not_empty';
          return (
            <Group key={i} align="flex-end" wrap="wrap">
              <Select
                label={t('marketing.segments.field')}
                value={r.field}
                onChange={(v) => set(i, { field: v ?? '', value: '' })}
                data={fieldData}
                searchable
                allowDeselect={false}
              />
              <Select
                label={t('marketing.segments.op')}
                value={r.op}
                onChange={(v) => set(i, { op: v ?? 'eq' })}
                data={OPS.map((o) => ({ value: o, label: t(`marketing.segments.ops.${o}`) }))}
                allowDeselect={false}
              />
              {choices ? (
                <Select
                  label={t('marketing.segments.value')}
                  value={r.value || null}
                  onChange={(v) => set(i, { value: v ?? '' })}
                  data={choices}
                  disabled={noValue}
                />
              ) : (
                <TextInput
                  label={t('marketing.segments.value')}
                  value={r.value}
                  onChange={(e) => set(i, { value: e.currentTarget.value })}
                  disabled={noValue}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="gray.7"
                aria-label={t('marketing.segments.removeFilter')}
                onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              >
                <IconTrash size={18} aria-hidden="true" />
              </ActionIcon>
            </Group>
          );
        })}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => setRows((rs) => [...rs, { field: 'country', op: 'eq', value: '' }])}
          >
            {t('marketing.segments.addFilter')}
          </Button>
          <Text fz="sm" role="status" data-testid="segment-count">
            {count.isError
              ? errorMessage(t, count.error)
              : count.data
                ? t('marketing.segments.matching', { count: count.data.count })
                : ''}
          </Text>
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || count.isError}>
            {t('marketing.segments.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function SegmentsPage() {
  const { t } = useTranslation();
  const segments = useSegments();
  const customFields = useCustomFields('contact');
  const fieldLabel = (field: string) => customOf(customFields.data?.data, field)?.label ?? field;
  let content;
  if (segments.isPending) content = <SectionLoader />;
  else if (segments.isError) content = <QueryError error={segments.error} onRetry={() => void segments.refetch()} />;
  else if (segments.data.data.length === 0)
    content = (
      <EmptyState icon={IconFilter} title={t('marketing.segments.empty')} body={t('marketing.segments.emptyBody')} />
    );
  else {
    content = (
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('marketing.segments.columns.name')}</Table.Th>
            <Table.Th>{t('marketing.segments.columns.filters')}</Table.Th>
            <Table.Th>{t('marketing.segments.columns.count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {segments.data.data.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td fw={600}>{s.name}</Table.Td>
              <Table.Td>
                {s.filters
                  .map(
                    (f) =>
                      `${fieldLabel(f.field)} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`,
                  )
                  .join(' · ')}
              </Table.Td>
              <Table.Td>{s.count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <>
      <PageHeader title={t('marketing.segments.title')} subtitle={t('marketing.segments.subtitle')} />
      <NewSegment />
      {content}
    </>
  );
}

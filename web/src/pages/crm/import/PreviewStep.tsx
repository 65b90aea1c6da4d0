import { Alert, Badge, Button, Code, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Kpi } from '../../sales/ChartCard';
import type { DedupeMode, ImportPreview } from '../api/jobTypes';
import type { ImportObject } from '../api/types';
import { useImportTargets } from './targets';
import { DedupeChoice } from './UploadStep';

const IGNORE = '__ignore__';

interface Props {
  object: ImportObject;
  preview: ImportPreview;
  mapping: Record<string, string | null>;
  dedupe: DedupeMode;
  dirty: boolean;
  busy: boolean;
  onMapping: (column: string, field: string | null) => void;
  onDedupe: (mode: DedupeMode) => void;
  onRefresh: () => void;
  onBack: () => void;
  onStart: () => void;
}

function summary(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([field, value]) => `${field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

export function PreviewStep(props: Props) {
  const { object, preview, mapping, dedupe, dirty, busy } = props;
  const { t } = useTranslation();
  const targets = [{ value: IGNORE, label: t('crm.import.ignore') }, ...useImportTargets(object)];
  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Kpi label={t('crm.import.rows')} value={String(preview.total)} />
        <Kpi label={t('crm.import.wouldCreate')} value={String(preview.wouldCreate)} />
        <Kpi label={t('crm.import.wouldUpdate')} value={String(preview.wouldUpdate)} />
        <Kpi label={t('crm.import.wouldSkip')} value={String(preview.wouldSkip)} />
        <Kpi label={t('crm.import.errorRows')} value={String(preview.errorCount)} />
      </SimpleGrid>

      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('crm.import.mapping')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('crm.import.mappingHint')}
        </Text>
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.import.column')}</Table.Th>
                <Table.Th>{t('crm.import.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.mapping.map(({ column }) => (
                <Table.Tr key={column}>
                  <Table.Td>
                    <Code>{column}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('crm.import.fieldFor', { column })}
                      data={targets}
                      searchable
                      allowDeselect={false}
                      value={mapping[column] ?? IGNORE}
                      onChange={(v) => props.onMapping(column, v === IGNORE || v === null ? null : v)}
                      maw={320}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      {preview.errors.length > 0 ? (
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('crm.import.errorsTitle', { count: preview.errorCount })}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('crm.import.row')}</Table.Th>
                  <Table.Th>{t('crm.import.column')}</Table.Th>
                  <Table.Th>{t('crm.import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.errors.slice(0, 50).map((error, i) => (
                  <Table.Tr key={`${error.row}-${error.field}-${i}`}>
                    <Table.Td>{error.row}</Table.Td>
                    <Table.Td>{error.column ?? error.field}</Table.Td>
                    <Table.Td c="red.9">{error.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ) : null}

      {preview.preview.length > 0 ? (
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('crm.import.sample')}
          </Title>
          <Stack gap={6}>
            {preview.preview.slice(0, 5).map((row) => (
              <Group key={row.row} gap="sm" wrap="nowrap" align="flex-start">
                <Badge variant="outline" color="gray.7" w={90}>
                  {t('crm.import.rowNumber', { row: row.row })}
                </Badge>
                <Badge variant="outline" color="brand.8">
                  {row.action}
                </Badge>
                <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
                  {summary(row.record)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Stack>
      ) : null}

      <DedupeChoice value={dedupe} onChange={props.onDedupe} />

      {dirty ? (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden="true" />}>
          {t('crm.import.mappingChanged')}
        </Alert>
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={props.onBack}>
          {t('crm.import.back')}
        </Button>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            loading={busy && dirty}
            onClick={props.onRefresh}
          >
            {t('crm.import.refresh')}
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}
            loading={busy && !dirty}
            onClick={props.onStart}
          >
            {t('crm.import.start')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

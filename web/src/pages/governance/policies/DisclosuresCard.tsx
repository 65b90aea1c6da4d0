import { Button, Card, Group, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { useFormatters } from '../../../lib/format';

interface Disclosure {
  id: string;
  subprocessor: string;
  source: string;
  purpose: string;
  dataCategories: string[];
  subjectCount: number;
  country: string | null;
  dataRegion: string;
  crossBorder: boolean;
  mechanism: string | null;
  firstAt: string;
  lastAt: string;
}

const base = '/api/v1/privacy/disclosures?scope=platform';

/** The CSV through fetch (the session cookie goes along), handed to the browser as a download. */
async function downloadCsv(crossBorder: boolean): Promise<void> {
  const res = await fetch(`${base}&format=csv${crossBorder ? '&crossBorder=true' : ''}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`disclosures ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'disclosures.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Personal data that actually flowed to the sub-processors (the operator's own processing), newest first. */
export function DisclosuresCard() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [abroad, setAbroad] = useState(false);
  const list = useQuery({ queryKey: ['disclosures', 'platform', abroad], queryFn: () => api<{ data: Disclosure[] }>(`${base}&limit=50${abroad ? '&crossBorder=true' : ''}`) });
  return (
    <Card mt="lg">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="lg">{t('policies.disclosures.title')}</Title>
        <Group>
          <Switch label={t('policies.disclosures.abroadOnly')} checked={abroad} onChange={(e) => setAbroad(e.currentTarget.checked)} />
          <Button size="xs" variant="default" onClick={() => void downloadCsv(abroad)}>{t('policies.disclosures.csv')}</Button>
        </Group>
      </Group>
      <Text fz="sm" c="dimmed" mb="sm">{t('policies.disclosures.help')}</Text>
      {list.isPending ? <SectionLoader /> : null}
      {list.error ? <QueryError error={list.error} /> : null}
      {list.data && list.data.data.length === 0 ? <Text c="dimmed">{t('policies.disclosures.none')}</Text> : null}
      {list.data && list.data.data.length > 0 ? (
        <Table.ScrollContainer minWidth={820}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('policies.disclosures.columns.period')}</Table.Th>
                <Table.Th>{t('policies.disclosures.columns.processor')}</Table.Th>
                <Table.Th>{t('policies.disclosures.columns.purpose')}</Table.Th>
                <Table.Th>{t('policies.disclosures.columns.categories')}</Table.Th>
                <Table.Th>{t('policies.disclosures.columns.people')}</Table.Th>
                <Table.Th>{t('policies.disclosures.columns.transfer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{fmt.dateTime(d.firstAt)} – {fmt.dateTime(d.lastAt)}</Table.Td>
                  <Table.Td>{d.subprocessor} ({d.source})</Table.Td>
                  <Table.Td>{d.purpose}</Table.Td>
                  <Table.Td>{d.dataCategories.join(', ') || '—'}</Table.Td>
                  <Table.Td>{d.subjectCount}</Table.Td>
                  <Table.Td>
                    {d.crossBorder
                      ? t('policies.disclosures.abroad', { from: d.dataRegion, to: d.country ?? '', mechanism: t(`policies.subprocessors.mechanism.${(d.mechanism ?? 'consent') as 'consent'}`) })
                      : t('policies.disclosures.inRegion', { region: d.dataRegion })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}

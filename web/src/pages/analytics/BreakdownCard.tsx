import { Card, Group, Progress, SegmentedControl, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/Loaders';
import { analyticsApi, type AnalyticsScope, type Breakdown, type BreakdownRow, type Range } from './api';
import { useAnalyticsFormat } from './format';

interface Props {
  scope: AnalyticsScope;
  /** Keeps workspaces' answers apart in the cache. */
  siteKey: string;
  range: Range;
  title: string;
  /** One breakdown, or several the card switches between (the UTM tags). */
  dimensions: readonly Breakdown[];
}

function useLabel() {
  const { t } = useTranslation();
  const f = useAnalyticsFormat();
  return (dimension: Breakdown, value: string): string => {
    if (dimension === 'referrer') return value || t('analytics.breakdown.direct');
    if (dimension.startsWith('utm_')) return value || t('analytics.breakdown.none');
    if (!value) return t('analytics.breakdown.unknown');
    if (dimension === 'country') return f.country(value);
    if (dimension === 'device' && (value === 'desktop' || value === 'mobile' || value === 'tablet'))
      return t(`analytics.breakdown.devices.${value}`);
    return value;
  };
}

/** One breakdown as a ranked table: a bar shows each row's share of the top row's visitors. */
export function BreakdownCard({ scope, siteKey, range, title, dimensions }: Props) {
  const { t } = useTranslation();
  const f = useAnalyticsFormat();
  const label = useLabel();
  const [dimension, setDimension] = useState<Breakdown>(dimensions[0] ?? 'page');
  const query = useQuery({
    queryKey: ['analytics', scope, siteKey, 'breakdown', dimension, range.from, range.to],
    queryFn: () => analyticsApi.breakdown(scope, dimension, range),
  });
  const feature = dimension === 'feature';
  const rows: BreakdownRow[] = query.data?.data ?? [];
  const top = Math.max(1, ...rows.map((r) => (feature ? r.events : r.visitors)));
  return (
    <Card h="100%" data-breakdown={dimensions.join(',')}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} fz="md">
            {title}
          </Title>
          {dimensions.length > 1 ? (
            <SegmentedControl
              size="xs"
              aria-label={title}
              value={dimension}
              onChange={(v) => setDimension(v)}
              data={dimensions.map((d) => ({
                value: d,
                label: t(`analytics.breakdown.${d}` as 'analytics.breakdown.page'),
              }))}
            />
          ) : null}
        </Group>
        {query.isPending ? (
          <Skeleton height={160} />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : rows.length === 0 ? (
          <Text c="dimmed" fz="sm" py="md">
            {t('analytics.breakdown.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing={6} fz="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('analytics.breakdown.value')}</Table.Th>
                  <Table.Th ta="right">{t('analytics.breakdown.visitors')}</Table.Th>
                  {feature ? (
                    <Table.Th ta="right">{t('analytics.breakdown.events')}</Table.Th>
                  ) : (
                    <>
                      <Table.Th ta="right">{t('analytics.breakdown.pageviews')}</Table.Th>
                      <Table.Th ta="right">{t('analytics.breakdown.bounceRate')}</Table.Th>
                    </>
                  )}
                  {dimension === 'page' ? <Table.Th ta="right">{t('analytics.breakdown.avgEngaged')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.value}>
                    <Table.Td maw={260}>
                      <Text fz="sm" truncate="end" title={label(dimension, r.value)}>
                        {label(dimension, r.value)}
                      </Text>
                      <Progress
                        value={((feature ? r.events : r.visitors) / top) * 100}
                        size={3}
                        mt={2}
                        aria-hidden="true"
                      />
                    </Table.Td>
                    <Table.Td ta="right">{f.number(r.visitors)}</Table.Td>
                    {feature ? (
                      <Table.Td ta="right">{f.number(r.events)}</Table.Td>
                    ) : (
                      <>
                        <Table.Td ta="right">{f.number(r.pageviews)}</Table.Td>
                        <Table.Td ta="right">{f.percent(r.bounceRate)}</Table.Td>
                      </>
                    )}
                    {dimension === 'page' ? <Table.Td ta="right">{f.duration(r.avgEngagedMs)}</Table.Td> : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

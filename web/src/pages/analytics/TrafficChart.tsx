import '@mantine/charts/styles.css';
import { AreaChart } from '@mantine/charts';
import { Box, Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DashboardData } from './api';
import { useAnalyticsFormat } from './format';

/** Visitors and page views per day; the previous period dashed on the same days-since-start axis. */
export function TrafficChart({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const f = useAnalyticsFormat();
  const prev = data.previousSeries;
  const points = data.series.map((p, i) => ({
    day: f.day(p.day),
    visitors: p.visitors,
    pageviews: p.pageviews,
    ...(prev ? { previousVisitors: prev[i]?.visitors ?? 0, previousPageviews: prev[i]?.pageviews ?? 0 } : {}),
  }));
  const series = [
    { name: 'pageviews', label: t('analytics.chart.pageviews'), color: 'brand.3' },
    { name: 'visitors', label: t('analytics.chart.visitors'), color: 'brand.7' },
    ...(prev
      ? [
          {
            name: 'previousPageviews',
            label: t('analytics.chart.previousPageviews'),
            color: 'gray.4',
            strokeDasharray: '5 5',
          },
          {
            name: 'previousVisitors',
            label: t('analytics.chart.previousVisitors'),
            color: 'gray.6',
            strokeDasharray: '5 5',
          },
        ]
      : []),
  ];
  const summary = t('analytics.chart.summary', {
    visitors: f.number(data.totals.visitors),
    pageviews: f.number(data.totals.pageviews),
    from: f.longDay(data.from),
    to: f.longDay(data.to),
  });
  return (
    <Card>
      <Stack gap="md">
        <Title order={2} fz="md">
          {t('analytics.chart.title')}
        </Title>
        <Box role="img" aria-label={`${t('analytics.chart.title')}. ${summary}`}>
          <AreaChart
            h={280}
            data={points}
            dataKey="day"
            series={series}
            curveType="monotone"
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            withGradient
            fillOpacity={0.25}
            tickLine="none"
            gridAxis="y"
            valueFormatter={f.number}
            withDots={points.length <= 31}
          />
        </Box>
      </Stack>
    </Card>
  );
}

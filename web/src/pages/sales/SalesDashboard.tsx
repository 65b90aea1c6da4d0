import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Group, SegmentedControl, SimpleGrid, Skeleton, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatMoneyCompact } from '../../components/crm/money';
import { QueryError } from '../../components/Loaders';
import { crmApi } from '../crm/api/endpoints';
import { useCrmKey } from '../crm/api/queries';
import type { SalesDashboard as Data } from '../crm/api/jobTypes';
import { CURRENCIES, type Currency } from '../crm/api/types';
import { ChartCard, Kpi } from './ChartCard';

function useMonthLabel() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage === 'id' ? 'id-ID' : 'en-GB', {
    month: 'short',
    year: 'numeric',
  });
  return (month: string) => {
    const date = new Date(`${month}-01T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? month : format.format(date);
  };
}

function shape(data: Data, currency: Currency, monthLabel: (m: string) => string) {
  const stages: { stage: string; amount: number; count: number; kind: string }[] = [];
  for (const row of data.pipelineByStage) {
    let entry = stages.find((s) => s.stage === row.stage);
    if (!entry) {
      entry = { stage: row.stage, amount: 0, count: 0, kind: row.kind };
      stages.push(entry);
    }
    if (row.currency === currency) {
      entry.amount += row.amount;
      entry.count += row.count;
    }
  }
  const wonLost = data.wonLostByMonth
    .filter((r) => r.currency === currency)
    .map((r) => ({ month: monthLabel(r.month), won: r.won, lost: r.lost, wonAmount: r.wonAmount }));
  const forecast = data.forecast
    .filter((r) => r.currency === currency)
    .map((r) => ({ month: monthLabel(r.month), weighted: r.weighted, total: r.total }));
  return { stages, wonLost, forecast };
}

/** Pipeline, results, forecast and activity charts, one currency at a time (amounts are never converted). */
export function SalesDashboard({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const monthLabel = useMonthLabel();
  const [currency, setCurrency] = useState<Currency>('IDR');
  const dashboard = useQuery({ queryKey: key('dashboard', 'sales'), queryFn: crmApi.salesDashboard });

  if (dashboard.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }} aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={300} radius="lg" />
        ))}
      </SimpleGrid>
    );
  }
  if (dashboard.isError) return <QueryError error={dashboard.error} onRetry={() => void dashboard.refetch()} />;

  const { stages, wonLost, forecast } = shape(dashboard.data, currency, monthLabel);
  const money = (value: number) => formatMoney(value, currency);
  const compact = (value: number) => formatMoneyCompact(value, currency);
  const open = stages.filter((s) => s.kind === 'open');
  const openValue = open.reduce((sum, s) => sum + s.amount, 0);
  const openCount = open.reduce((sum, s) => sum + s.count, 0);
  const weighted = forecast.reduce((sum, f) => sum + f.weighted, 0);
  const wonValue = wonLost.reduce((sum, w) => sum + w.wonAmount, 0);
  const owners = dashboard.data.activitiesByOwner.map((o) => ({ name: o.name, count: o.count }));
  const list = (rows: string[]) => rows.join('; ') || t('sales.dashboard.noData');

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={headingLevel} fz="xl">
          {t('sales.dashboard.title')}
        </Title>
        <SegmentedControl
          aria-label={t('sales.dashboard.currency')}
          value={currency}
          onChange={(v) => setCurrency(v)}
          data={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
        <Kpi
          label={t('sales.dashboard.openPipeline')}
          value={money(openValue)}
          short={compact(openValue)}
          hint={t('sales.dashboard.openDeals', { count: openCount })}
          testId="kpi-open-pipeline"
        />
        <Kpi label={t('sales.dashboard.weightedForecast')} value={money(weighted)} short={compact(weighted)} testId="kpi-weighted" />
        <Kpi label={t('sales.dashboard.wonValue')} value={money(wonValue)} short={compact(wonValue)} testId="kpi-won" />
        <Kpi label={t('sales.dashboard.activities')} value={String(owners.reduce((s, o) => s + o.count, 0))} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ChartCard
          title={t('sales.dashboard.pipelineByStage')}
          summary={list(stages.map((s) => `${s.stage}: ${money(s.amount)}`))}
          empty={stages.every((s) => s.amount === 0)}
          emptyText={t('sales.dashboard.noData')}
        >
          <BarChart
            h={260}
            data={stages}
            dataKey="stage"
            series={[{ name: 'amount', label: t('sales.dashboard.value'), color: 'brand.6' }]}
            valueFormatter={compact}
            tickLine="none"
            gridAxis="y"
            barProps={{ radius: [6, 6, 0, 0], maxBarSize: 56 }}
            xAxisProps={{ interval: 0, angle: -30, textAnchor: 'end', height: 64, tick: { fontSize: 11 } }}
            yAxisProps={{ width: 80 }}
          />
        </ChartCard>
        <ChartCard
          title={t('sales.dashboard.wonLost')}
          summary={list(
            wonLost.map((w) => t('sales.dashboard.wonLostRow', { month: w.month, won: w.won, lost: w.lost })),
          )}
          empty={wonLost.length === 0}
          emptyText={t('sales.dashboard.noClosed')}
        >
          <BarChart
            h={260}
            data={wonLost}
            dataKey="month"
            series={[
              { name: 'won', label: t('sales.status.won'), color: 'teal.6' },
              { name: 'lost', label: t('sales.status.lost'), color: 'red.6' },
            ]}
            withLegend
            tickLine="none"
            gridAxis="y"
            barProps={{ radius: [6, 6, 0, 0], maxBarSize: 40 }}
            yAxisProps={{ allowDecimals: false }}
          />
        </ChartCard>
        <ChartCard
          title={t('sales.dashboard.forecast')}
          summary={list(forecast.map((f) => `${f.month}: ${money(f.weighted)} / ${money(f.total)}`))}
          empty={forecast.length === 0}
          emptyText={t('sales.dashboard.noForecast')}
        >
          <BarChart
            h={260}
            data={forecast}
            dataKey="month"
            series={[
              { name: 'weighted', label: t('sales.dashboard.weighted'), color: 'brand.6' },
              { name: 'total', label: t('sales.dashboard.total'), color: 'gray.4' },
            ]}
            valueFormatter={compact}
            withLegend
            tickLine="none"
            gridAxis="y"
            barProps={{ radius: [6, 6, 0, 0], maxBarSize: 40 }}
            yAxisProps={{ width: 80 }}
          />
        </ChartCard>
        <ChartCard
          title={t('sales.dashboard.activitiesByOwner')}
          summary={list(owners.map((o) => `${o.name}: ${o.count}`))}
          empty={owners.length === 0}
          emptyText={t('sales.dashboard.noActivities')}
        >
          <BarChart
            h={260}
            data={owners}
            dataKey="name"
            orientation="vertical"
            series={[{ name: 'count', label: t('sales.dashboard.activities'), color: 'indigo.5' }]}
            tickLine="none"
            gridAxis="x"
            barProps={{ radius: [0, 6, 6, 0], maxBarSize: 28 }}
            xAxisProps={{ allowDecimals: false }}
            yAxisProps={{ width: 120 }}
          />
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}

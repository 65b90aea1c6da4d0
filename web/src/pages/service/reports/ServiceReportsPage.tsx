import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, Rating, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { useUrlParams } from '../../../lib/searchParams';
import { ChartCard, Kpi } from '../../sales/ChartCard';
import { serviceApi, useServiceKey, type CsatReport, type SlaReport } from '../api';

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');

function Legend() {
  const { t } = useTranslation();
  const item = (color: string, label: string) => (
    <Group gap={6} wrap="nowrap">
      <span
        aria-hidden="true"
        style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${color})` }}
      />
      <Text fz="xs">{label}</Text>
    </Group>
  );
  return (
    <Group gap="md" mt="xs">
      {item('teal-7', t('service.reports.met'))}
      {item('red-8', t('service.reports.breached'))}
      {item('gray-5', t('service.reports.pending'))}
    </Group>
  );
}

function SlaSection({ report }: { report: SlaReport }) {
  const { t } = useTranslation();
  const rows = report.byPriority.map((r) => ({
    priority: t(`service.priority.${r.priority}`),
    frMet: r.firstResponse.met,
    frBreached: r.firstResponse.breached,
    resMet: r.resolution.met,
    resBreached: r.resolution.breached,
    frPending: r.firstResponse.pending,
    resPending: r.resolution.pending,
  }));
  const tot = report.totals;
  const empty = report.totals.tickets === 0;
  const series = (prefix: 'fr' | 'res') => [
    { name: `${prefix}Met`, label: t('service.reports.met'), color: 'teal.7' },
    { name: `${prefix}Breached`, label: t('service.reports.breached'), color: 'red.8' },
    { name: `${prefix}Pending`, label: t('service.reports.pending'), color: 'gray.5' },
  ];
  const summary = (prefix: 'fr' | 'res') =>
    rows
      .map((r) =>
        t('service.reports.slaRow', {
          priority: r.priority,
          met: prefix === 'fr' ? r.frMet : r.resMet,
          breached: prefix === 'fr' ? r.frBreached : r.resBreached,
        }),
      )
      .join('; ');
  return (
    <Stack gap="lg" component="section" aria-labelledby="sla-report">
      <Title order={2} fz="lg" id="sla-report">
        {t('service.reports.sla')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Kpi label={t('service.reports.tickets')} value={String(tot.tickets)} />
        <Kpi
          label={t('service.reports.frMetRate')}
          value={pct(tot.firstResponse.met, tot.firstResponse.met + tot.firstResponse.breached)}
          hint={t('service.reports.metOf', {
            met: tot.firstResponse.met,
            total: tot.firstResponse.met + tot.firstResponse.breached,
          })}
        />
        <Kpi
          label={t('service.reports.resMetRate')}
          value={pct(tot.resolution.met, tot.resolution.met + tot.resolution.breached)}
          hint={t('service.reports.metOf', {
            met: tot.resolution.met,
            total: tot.resolution.met + tot.resolution.breached,
          })}
        />
        <Kpi
          label={t('service.reports.avgFirstResponse')}
          value={
            tot.firstResponse.avgBusinessMinutes === null
              ? '—'
              : t('service.reports.minutes', { count: Math.round(tot.firstResponse.avgBusinessMinutes) })
          }
          hint={t('service.reports.businessMinutes')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {(['fr', 'res'] as const).map((clock) => (
          <ChartCard
            key={clock}
            title={t(clock === 'fr' ? 'service.reports.firstResponse' : 'service.reports.resolution')}
            summary={summary(clock)}
            empty={empty}
            emptyText={t('service.reports.noData')}
          >
            <BarChart
              yAxisProps={{ allowDecimals: false }}
              h={240}
              data={rows}
              dataKey="priority"
              type="stacked"
              series={series(clock)}
              tickLine="none"
              gridAxis="y"
            />
            <Legend />
          </ChartCard>
        ))}
      </SimpleGrid>
      <Card withBorder>
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="sla-report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.columns.priority')}</Table.Th>
                <Table.Th>{t('service.reports.tickets')}</Table.Th>
                <Table.Th>{t('service.reports.firstResponse')}</Table.Th>
                <Table.Th>{t('service.reports.resolution')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.byPriority.map((r) => (
                <Table.Tr key={r.priority}>
                  <Table.Td>{t(`service.priority.${r.priority}`)}</Table.Td>
                  <Table.Td>{r.tickets}</Table.Td>
                  <Table.Td>
                    {t('service.reports.metBreached', {
                      met: r.firstResponse.met,
                      breached: r.firstResponse.breached,
                      pending: r.firstResponse.pending,
                    })}
                  </Table.Td>
                  <Table.Td>
                    {t('service.reports.metBreached', {
                      met: r.resolution.met,
                      breached: r.resolution.breached,
                      pending: r.resolution.pending,
                    })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}

function CsatSection({ report }: { report: CsatReport }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const dist = [1, 2, 3, 4, 5].map((n) => ({ rating: `${n} ★`, count: report.distribution[String(n)] ?? 0 }));
  return (
    <Stack gap="lg" component="section" aria-labelledby="csat-report" mt="xl">
      <Title order={2} fz="lg" id="csat-report">
        {t('service.reports.csat')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Kpi label={t('service.reports.average')} value={report.average === null ? '—' : report.average.toFixed(2)} />
        <Kpi label={t('service.reports.responses')} value={String(report.responses)} />
        <Kpi
          label={t('service.reports.responseRate')}
          value={report.rate === null ? '—' : `${Math.round(report.rate * 100)}%`}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ChartCard
          title={t('service.reports.distribution')}
          summary={dist.map((d) => `${d.rating}: ${d.count}`).join(', ')}
          empty={report.responses === 0}
          emptyText={t('service.reports.noResponses')}
        >
          <BarChart
            yAxisProps={{ allowDecimals: false }}
            h={240}
            data={dist}
            dataKey="rating"
            series={[{ name: 'count', label: t('service.reports.responses'), color: 'brand.6' }]}
            tickLine="none"
            gridAxis="y"
          />
        </ChartCard>
        <Card withBorder>
          <Title order={3} fz="md" mb="sm">
            {t('service.reports.recent')}
          </Title>
          {report.recent.length === 0 ? (
            <Text fz="sm" c="dimmed">
              {t('service.reports.noResponses')}
            </Text>
          ) : (
            <Stack gap="sm">
              {report.recent.map((r) =>
                r.rating === null ? null : (
                  <div key={`${r.ticketId}-${r.answeredAt}`}>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/service/tickets/${r.ticketId}`} fz="sm" fw={600}>
                        #{r.number}
                      </Anchor>
                      <Rating value={r.rating} readOnly size="xs" aria-hidden="true" />
                      <Text fz="xs">{t('service.csat.rated', { rating: r.rating })}</Text>
                      <Text fz="xs" c="dimmed">
                        {fmt.date(r.answeredAt)}
                      </Text>
                    </Group>
                    {r.comment && <Text fz="sm">“{r.comment}”</Text>}
                  </div>
                ),
              )}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

export function ServiceReportsPage() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const [params, setParams] = useUrlParams();
  const to = params.get('to') ?? isoDay(new Date());
  const from = params.get('from') ?? isoDay(new Date(Date.now() - 29 * DAY));
  const sla = useQuery({ queryKey: key('report-sla', from, to), queryFn: () => serviceApi.slaReport(from, to) });
  const csat = useQuery({ queryKey: key('report-csat', from, to), queryFn: () => serviceApi.csatReport(from, to) });
  return (
    <>
      <PageHeader
        title={t('service.reports.title')}
        subtitle={t('service.reports.subtitle')}
        actions={
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              label={t('service.reports.from')}
              value={from}
              max={to}
              onChange={(e) => e.currentTarget.value && setParams({ from: e.currentTarget.value })}
            />
            <TextInput
              type="date"
              label={t('service.reports.to')}
              value={to}
              min={from}
              onChange={(e) => e.currentTarget.value && setParams({ to: e.currentTarget.value })}
            />
          </Group>
        }
      />
      {sla.isPending ? (
        <SectionLoader />
      ) : sla.isError ? (
        <QueryError error={sla.error} onRetry={() => void sla.refetch()} />
      ) : (
        <SlaSection report={sla.data} />
      )}
      {csat.isPending ? (
        <SectionLoader />
      ) : csat.isError ? (
        <QueryError error={csat.error} onRetry={() => void csat.refetch()} />
      ) : (
        <CsatSection report={csat.data} />
      )}
    </>
  );
}

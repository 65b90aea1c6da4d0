import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Box, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/Loaders';
import { SKIP_REASONS, useReport, type Campaign, type Report } from './api';

const KPIS = ['recipients', 'sent', 'delivered', 'bounced', 'opened', 'clicked', 'unsubscribed', 'complaints'] as const;

function Kpis({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {KPIS.map((k) => (
        <Card key={k} withBorder padding="sm" data-testid={`report-${k}`}>
          <Text fz="xs" c="dimmed">
            {t(`marketing.report.${k}`)}
          </Text>
          <Text fz="xl" fw={700}>
            {report[k]}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The campaign's numbers and an hourly chart of sends, opens and clicks. */
export function CampaignReport({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const report = useReport(campaign.id, campaign.status);
  if (report.isPending) return <Skeleton height={240} />;
  if (report.isError) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const skipped = SKIP_REASONS.filter((reason) => r.skipped[reason] > 0);
  return (
    <Card withBorder>
      <Stack gap="md">
        <Title order={2} fz="md">
          {t('marketing.report.title')}
        </Title>
        <Kpis report={r} />
        <Text fz="sm" c="dimmed">
          {t('marketing.report.trackedNote', { tracked: r.tracked })}
        </Text>
        {skipped.length > 0 && (
          <Group gap="lg">
            <Text fz="sm" fw={600}>
              {t('marketing.report.skipped')}:
            </Text>
            {skipped.map((reason) => (
              <Text key={reason} fz="sm">
                {t(`marketing.report.skipReasons.${reason}`)}: {r.skipped[reason]}
              </Text>
            ))}
          </Group>
        )}
        {r.series.length > 0 && (
          <>
            <Title order={3} fz="sm">
              {t('marketing.report.chart')}
            </Title>
            <Box
              component="figure"
              m={0}
              aria-label={t('marketing.report.chartSummary', { sent: r.sent, opened: r.opened, clicked: r.clicked })}
            >
              <BarChart
                h={220}
                data={r.series.map((s) => ({
                  hour: s.hour.slice(5, 16).replace('T', ' '),
                  sent: s.sent,
                  opened: s.opened,
                  clicked: s.clicked,
                }))}
                dataKey="hour"
                series={[
                  { name: 'sent', label: t('marketing.report.sent'), color: 'brand.6' },
                  { name: 'opened', label: t('marketing.report.opened'), color: 'teal.6' },
                  { name: 'clicked', label: t('marketing.report.clicked'), color: 'orange.6' },
                ]}
              />
            </Box>
          </>
        )}
      </Stack>
    </Card>
  );
}

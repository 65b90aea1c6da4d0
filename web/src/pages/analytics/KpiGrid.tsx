import { Card, Group, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Totals } from './api';
import { useAnalyticsFormat } from './format';

type Key = keyof Totals;

const KPIS: { key: Key; label: string; lowerIsBetter?: boolean }[] = [
  { key: 'visitors', label: 'visitors' },
  { key: 'pageviews', label: 'pageviews' },
  { key: 'sessions', label: 'sessions' },
  { key: 'bounceRate', label: 'bounceRate', lowerIsBetter: true },
  { key: 'avgEngagedMs', label: 'avgEngaged' },
  { key: 'featureEvents', label: 'featureEvents' },
];

/** The period's headline figures, each with its change against the previous period when comparing. */
export function KpiGrid({ totals, previous }: { totals: Totals; previous: Totals | null }) {
  const { t } = useTranslation();
  const f = useAnalyticsFormat();
  const show = (key: Key, v: number) =>
    key === 'bounceRate' ? f.percent(v) : key === 'avgEngagedMs' ? f.duration(v) : f.number(v);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
      {KPIS.map(({ key, label, lowerIsBetter }) => {
        const now = totals[key];
        const change = previous ? f.change(now, previous[key]) : null;
        const up = previous ? now > previous[key] : false;
        const good = lowerIsBetter ? !up : up;
        return (
          <Card key={key} padding="md" data-kpi={key}>
            <Text fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
              {t(`analytics.kpi.${label}` as 'analytics.kpi.visitors')}
            </Text>
            <Text fz={24} fw={700} mt={4} data-testid={`kpi-${key}`}>
              {show(key, now)}
            </Text>
            {previous ? (
              <Group gap={4} mt={4}>
                {change ? (
                  // Dark shades: the light ones fail contrast on a white card.
                  <Text
                    fz="xs"
                    fw={600}
                    c={now === previous[key] ? 'dimmed' : good ? 'teal.9' : 'red.9'}
                    data-testid={`kpi-${key}-change`}
                  >
                    {t('analytics.kpi.vsPrevious', { change })}
                  </Text>
                ) : (
                  <Text fz="xs" c="dimmed">
                    {t('analytics.kpi.noPrevious')}
                  </Text>
                )}
              </Group>
            ) : null}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

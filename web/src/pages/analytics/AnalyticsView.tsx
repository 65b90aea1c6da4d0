import { SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/searchParams';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/Loaders';
import { analyticsApi, type AnalyticsScope, type Breakdown, type Range } from './api';
import { BreakdownCard } from './BreakdownCard';
import { KpiGrid } from './KpiGrid';
import { RangeControls } from './RangeControls';
import { isPreset, presetRange, utcToday, validRange, type Preset } from './range';
import { SettingsCard } from './SettingsCard';
import { SnippetEmpty } from './SnippetEmpty';
import { TrafficChart } from './TrafficChart';

const CARDS: { title: string; dimensions: readonly Breakdown[] }[] = [
  { title: 'page', dimensions: ['page'] },
  { title: 'referrer', dimensions: ['referrer'] },
  { title: 'utm', dimensions: ['utm_campaign', 'utm_source', 'utm_medium'] },
  { title: 'country', dimensions: ['country'] },
  { title: 'browser', dimensions: ['browser'] },
  { title: 'os', dimensions: ['os'] },
  { title: 'device', dimensions: ['device'] },
  { title: 'feature', dimensions: ['feature'] },
];

/** The period lives in the URL (`?range=d30`, or `?range=custom&from=…&to=…`, `&compare=1`), so a view can be shared. */
function usePeriod() {
  const [params, update] = useUrlParams();
  const asked = params.get('range');
  const preset: Preset = isPreset(asked) ? asked : 'd30';
  const custom = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const compare = params.get('compare') === '1';
  const range: Range | null =
    preset === 'custom' ? (validRange(custom) ? custom : null) : presetRange(preset, utcToday());
  return {
    preset,
    custom,
    compare,
    range,
    setPreset: (p: Preset) => {
      // A switch to "custom" starts from the period shown, so the fields are never empty.
      const from = range?.from ?? null;
      const to = range?.to ?? null;
      update(p === 'custom' ? { range: p, from, to } : { range: p, from: null, to: null });
    },
    setCustom: (r: Partial<Range>) => update({ from: r.from ?? null, to: r.to ?? null }),
    setCompare: (on: boolean) => update({ compare: on ? '1' : null }),
  };
}

interface Props {
  scope: AnalyticsScope;
  /** The workspace whose site this is; null for the platform's own site. */
  workspaceId: string | null;
  canManage: boolean;
}

export function AnalyticsView({ scope, workspaceId, canManage }: Props) {
  const { t } = useTranslation();
  const period = usePeriod();
  const siteKey = workspaceId ?? 'platform';
  const range = period.range;
  const dashboard = useQuery({
    queryKey: ['analytics', scope, siteKey, 'dashboard', range?.from, range?.to, period.compare],
    queryFn: () => analyticsApi.dashboard(scope, range!, period.compare),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
  const data = dashboard.data;
  const empty = data !== undefined && data.totals.pageviews === 0 && data.totals.featureEvents === 0;

  return (
    <>
      <PageHeader
        title={scope === 'platform' ? t('analytics.platformTitle') : t('analytics.title')}
        subtitle={scope === 'platform' ? t('analytics.platformSubtitle') : t('analytics.subtitle')}
      />
      <Stack gap="lg">
        <Stack gap={4}>
          <RangeControls
            preset={period.preset}
            custom={period.custom}
            compare={period.compare}
            onPreset={period.setPreset}
            onCustom={period.setCustom}
            onCompare={period.setCompare}
          />
          <Text fz="xs" c="dimmed">
            {t('analytics.range.utc')}
          </Text>
        </Stack>
        {dashboard.isError ? (
          <QueryError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        ) : !data || !range ? (
          <Skeleton height={360} radius="lg" />
        ) : (
          <>
            <KpiGrid totals={data.totals} previous={data.previous} />
            {empty ? <SnippetEmpty workspaceId={workspaceId} /> : <TrafficChart data={data} />}
            {empty ? null : (
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
                {CARDS.map((c) => (
                  <BreakdownCard
                    key={c.title}
                    scope={scope}
                    siteKey={siteKey}
                    range={range}
                    title={t(`analytics.breakdown.${c.title}` as 'analytics.breakdown.page')}
                    dimensions={c.dimensions}
                  />
                ))}
              </SimpleGrid>
            )}
          </>
        )}
        <SettingsCard scope={scope} siteKey={siteKey} canManage={canManage} />
      </Stack>
    </>
  );
}

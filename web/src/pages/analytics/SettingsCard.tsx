import { Alert, Button, Card, NumberInput, Radio, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/Loaders';
import { errorMessage } from '../../lib/errors';
import { analyticsApi, type AnalyticsMode, type AnalyticsScope } from './api';

/**
 * How visitors without analytics consent are counted, and how long raw events are kept. Shown to
 * those who may change them (workspace owners and admins, operators for the platform site).
 */
export function SettingsCard({
  scope,
  siteKey,
  canManage,
}: {
  scope: AnalyticsScope;
  siteKey: string;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['analytics', scope, siteKey, 'settings'];
  const query = useQuery({
    queryKey: key,
    queryFn: () => analyticsApi.settings(scope),
    enabled: canManage,
    retry: false,
  });
  const [mode, setMode] = useState<AnalyticsMode | null>(null);
  const [months, setMonths] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: () =>
      analyticsApi.updateSettings(scope, {
        ...(mode ? { mode } : {}),
        ...(months !== null ? { retentionMonths: months } : {}),
      }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      setMode(null);
      setMonths(null);
      notifications.show({ color: 'brand', message: t('analytics.settings.saved') });
    },
  });
  const current = query.data;
  return (
    <Card data-testid="analytics-settings">
      <Stack gap="sm">
        <Title order={2} fz="md">
          {t('analytics.settings.title')}
        </Title>
        {!canManage ? (
          <Text c="dimmed" fz="sm">
            {t('analytics.settings.readOnly')}
          </Text>
        ) : query.isPending ? (
          <Skeleton height={120} />
        ) : query.isError || !current ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <Stack gap="sm">
              <Radio.Group
                label={t('analytics.settings.mode')}
                value={mode ?? current.mode}
                onChange={(v) => setMode(v)}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="hash" label={t('analytics.settings.modeHash')} />
                  <Radio value="none" label={t('analytics.settings.modeNone')} />
                </Stack>
              </Radio.Group>
              <NumberInput
                label={t('analytics.settings.retention')}
                description={t('analytics.settings.retentionHint')}
                min={1}
                max={120}
                allowDecimal={false}
                maw={260}
                value={months ?? current.retentionMonths}
                onChange={(v) => setMonths(typeof v === 'number' ? v : null)}
              />
              {save.isError ? (
                <Alert color="red" role="alert">
                  {errorMessage(t, save.error)}
                </Alert>
              ) : null}
              <div>
                <Button type="submit" loading={save.isPending} disabled={mode === null && months === null}>
                  {t('analytics.settings.save')}
                </Button>
              </div>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

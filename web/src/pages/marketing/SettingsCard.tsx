import { Button, Card, Code, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../components/crm/notify';
import { errorMessage } from '../../lib/errors';
import { marketingApi, useMarketingKey, type DoubleOptIn } from './api';

const DOI: DoubleOptIn[] = ['off', 'eu', 'all'];

/** The workspace's sending rate, double opt-in rule and the token of the bounce endpoint (admins may change them). */
export function SettingsCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = useMarketingKey();
  const settings = useQuery({ queryKey: key('settings'), queryFn: marketingApi.settings });
  const [rate, setRate] = useState<number | null>(null);
  const [doi, setDoi] = useState<DoubleOptIn | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const onError = (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) });
  const save = useMutation({
    mutationFn: () =>
      marketingApi.updateSettings({
        ...(rate !== null ? { ratePerMinute: rate } : {}),
        ...(doi ? { doubleOptIn: doi } : {}),
      }),
    onSuccess: (saved) => {
      client.setQueryData(key('settings'), saved);
      setRate(null);
      setDoi(null);
      notify({ color: 'brand', message: t('marketing.settings.saved') });
    },
    onError,
  });
  const rotate = useMutation({
    mutationFn: marketingApi.inboundToken,
    onSuccess: async (r) => {
      setToken(r.token);
      await client.invalidateQueries({ queryKey: key('settings') });
    },
    onError,
  });
  const s = settings.data;
  if (!s) return null;
  return (
    <Card withBorder mt="lg">
      <Stack gap="sm">
        <Title order={2} fz="md">
          {t('marketing.settings.title')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <NumberInput
            label={t('marketing.settings.rate')}
            min={1}
            max={100000}
            value={rate ?? s.ratePerMinute}
            onChange={(v) => setRate(typeof v === 'number' ? v : null)}
            w={260}
          />
          <Select
            label={t('marketing.settings.doubleOptIn')}
            value={doi ?? s.doubleOptIn}
            onChange={(v) => setDoi(DOI.find((d) => d === v) ?? null)}
            data={DOI.map((d) => ({ value: d, label: t(`marketing.settings.doi.${d}`) }))}
            allowDeselect={false}
            w={320}
          />
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={rate === null && doi === null}>
            {t('marketing.settings.save')}
          </Button>
        </Group>
        <Title order={3} fz="sm">
          {t('marketing.settings.inbound')}
        </Title>
        <Text fz="sm">{t('marketing.settings.inboundHelp')}</Text>
        {s.inboundTokenSet && !token && <Text fz="sm">{t('marketing.settings.inboundSet')}</Text>}
        {token && (
          <Text fz="sm">
            {t('marketing.settings.inboundShown')} <Code>{token}</Code>
          </Text>
        )}
        <Group>
          <Button variant="default" onClick={() => rotate.mutate()} loading={rotate.isPending}>
            {t('marketing.settings.inboundNew')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

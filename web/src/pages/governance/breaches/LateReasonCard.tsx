import { Button, Card, Group, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/Loaders';
import type { PrivacyScopeName } from '../../privacy/api';
import { breachesApi, type BreachDetail } from './api';

/**
 * GDPR Art. 33(1): a notice to the authority after 72 hours must give the reasons for the delay.
 * The officer writes them here; the authority report prints them as written.
 */
export function LateReasonCard({ breach, scope }: { breach: BreachDetail; scope: PrivacyScopeName }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState(breach.lateReason ?? '');
  useEffect(() => setText(breach.lateReason ?? ''), [breach.lateReason]);
  const save = useMutation({
    mutationFn: () => breachesApi.setLateReason(breach.id, scope, text.trim()),
    onSuccess: (data) => queryClient.setQueryData(['breach', breach.id, scope], data),
  });
  return (
    <Card>
      <Title order={3} fz="lg" mb="xs">{t('breaches.late.title')}</Title>
      <Text fz="sm" c={breach.lateReason ? 'dimmed' : 'red'} mb="sm">{t(breach.lateReason ? 'breaches.late.help' : 'breaches.late.missing')}</Text>
      <Textarea label={t('breaches.late.reason')} autosize minRows={3} maxLength={5000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <Group mt="sm">
        <Button variant="default" loading={save.isPending} disabled={text.trim() === (breach.lateReason ?? '')} onClick={() => save.mutate()}>{t('breaches.late.save')}</Button>
        {save.isSuccess ? <Text fz="sm" role="status">{t('breaches.late.saved')}</Text> : null}
      </Group>
      {save.error ? <QueryError error={save.error} /> : null}
    </Card>
  );
}

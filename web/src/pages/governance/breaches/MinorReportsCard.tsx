import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { QueryError } from '../../../components/Loaders';
import { useFormatters } from '../../../lib/format';
import type { PrivacyScopeName } from '../../privacy/api';
import { ReasonModal } from '../../privacy/ReasonModal';

interface MinorReport {
  id: string;
  email: string;
  relation: string;
  status: string;
  receivedAt: string;
}

const scopeQ = (scope: PrivacyScopeName) => (scope === 'platform' ? '?scope=platform' : '');

/**
 * The officer's queue of reports of minors: erase the person at once (the erasure engine), or
 * dismiss the report with a written reason (e.g. the person is an adult); both recorded in the audit log.
 */
export function MinorReportsCard({ scope }: { scope: PrivacyScopeName }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['minor-reports', scope], queryFn: () => api<{ data: MinorReport[] }>(`/api/v1/privacy/minors${scopeQ(scope)}`) });
  const erase = useMutation({
    mutationFn: (id: string) => api<MinorReport>(`/api/v1/privacy/minors/${encodeURIComponent(id)}/erase${scopeQ(scope)}`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['minor-reports'] }),
  });
  const [dismissing, setDismissing] = useState<string | null>(null);
  const dismiss = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api<MinorReport>(`/api/v1/privacy/minors/${encodeURIComponent(id)}/dismiss${scopeQ(scope)}`, { method: 'POST', body: { reason } }),
    onSuccess: async () => {
      setDismissing(null);
      await queryClient.invalidateQueries({ queryKey: ['minor-reports'] });
    },
  });
  return (
    <Card mt="lg">
      <Title order={2} fz="lg" mb="xs">
        {t('breaches.minors.queue')}
      </Title>
      {list.error ? <QueryError error={list.error} /> : null}
      {erase.error ? <QueryError error={erase.error} /> : null}
      {list.data && list.data.data.length === 0 ? <Text c="dimmed">{t('breaches.minors.none')}</Text> : null}
      {list.data && list.data.data.length > 0 ? (
        <Table>
          <Table.Tbody>
            {list.data.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.status === 'open' ? r.email : '—'}</Table.Td>
                <Table.Td>{t(`breaches.minors.relations.${r.relation as 'self'}`)}</Table.Td>
                <Table.Td>{fmt.dateTime(r.receivedAt)}</Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    {r.status === 'open' ? (
                      <Button
                        size="xs"
                        color="red"
                        loading={erase.isPending && erase.variables === r.id}
                        onClick={() => {
                          if (window.confirm(t('breaches.minors.eraseConfirm'))) erase.mutate(r.id);
                        }}
                      >
                        {t('breaches.minors.erase')}
                      </Button>
                    ) : null}
                    {r.status === 'open' ? (
                      <Button size="xs" variant="default" onClick={() => setDismissing(r.id)}>
                        {t('breaches.minors.dismiss')}
                      </Button>
                    ) : (
                      <Badge variant="light">{t(`breaches.minors.statuses.${r.status as 'erased'}`)}</Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <ReasonModal
        opened={dismissing !== null}
        title={t('breaches.minors.dismissTitle')}
        body={t('breaches.minors.dismissBody')}
        confirmLabel={t('breaches.minors.dismiss')}
        loading={dismiss.isPending}
        error={dismiss.error ? dismiss.error.message : null}
        onConfirm={(reason) => dismissing && dismiss.mutate({ id: dismissing, reason })}
        onClose={() => {
          setDismissing(null);
          dismiss.reset();
        }}
      />
    </Card>
  );
}

import { Badge, Button, Card, Checkbox, Grid, Group, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { Countdown, useNow } from '../../privacy/Countdown';
import { usePrivacyScope } from '../../privacy/hooks';
import { breachesApi, openReport, type BreachDetail } from './api';
import { LateReasonCard } from './LateReasonCard';

const localInput = (d: Date): string => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

function AffectedQuery({ breach }: { breach: BreachDetail }) {
  const { t } = useTranslation();
  const [scope] = usePrivacyScope();
  const queryClient = useQueryClient();
  const tables = useQuery({ queryKey: ['breaches', 'tables', scope], queryFn: () => breachesApi.tables(scope) });
  const aware = new Date(breach.awareAt);
  const [picked, setPicked] = useState<string[]>([]);
  const [from, setFrom] = useState(localInput(new Date(aware.getTime() - 7 * 86_400_000)));
  // The input drops seconds: end on the next whole minute, so rows of this very minute are inside.
  const [to, setTo] = useState(localInput(new Date(Math.max(aware.getTime(), Date.now()) + 60_000)));
  const find = useMutation({
    mutationFn: () => breachesApi.affected(breach.id, scope, { tables: picked, from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['breach', breach.id] }),
  });
  const notify = useMutation({
    mutationFn: () => breachesApi.notify(breach.id, scope),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['breach', breach.id] }),
  });
  const retry = useMutation({
    mutationFn: () => breachesApi.retryFailed(breach.id, scope),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['breach', breach.id] }),
  });
  const job = breach.notifyJob;
  const total = job?.total ?? 0;
  return (
    <Card>
      <Title order={3} fz="lg" mb="xs">{t('breaches.detail.affected')}</Title>
      <Text fz="sm" c="dimmed" mb="sm">{t('breaches.detail.affectedHelp')}</Text>
      <Stack>
        <Checkbox.Group label={t('breaches.detail.tables')} value={picked} onChange={setPicked}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing={6}>
            {(tables.data?.data ?? []).map((x) => (
              <Checkbox key={x.table} value={x.table} label={`${x.label} (${x.table})`} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group grow>
          <TextInput type="datetime-local" label={t('breaches.detail.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="datetime-local" label={t('breaches.detail.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
        <Group>
          <Button variant="default" disabled={!picked.length} loading={find.isPending} onClick={() => find.mutate()}>{t('breaches.detail.find')}</Button>
          {find.data ? <Text fz="sm" data-testid="affected-count">{t('breaches.detail.found', { count: find.data.count })}</Text> : null}
        </Group>
        {find.error ? <QueryError error={find.error} /> : null}
        {find.data && find.data.subjects.length ? (
          <Table fz="sm">
            <Table.Tbody>
              {find.data.subjects.slice(0, 50).map((s) => (
                <Table.Tr key={s.email}><Table.Td>{s.email}</Table.Td><Table.Td c="dimmed">{s.tables.join(', ')}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        <Text fz="sm" data-testid="recipients">{t('breaches.detail.recipients', breach.recipients)}</Text>
        <Group>
          <Button
            color="red"
            disabled={breach.recipients.queued === 0}
            loading={notify.isPending}
            onClick={() => { if (window.confirm(t('breaches.detail.notifyConfirm'))) notify.mutate(); }}
          >
            {t('breaches.detail.notify')}
          </Button>
          {breach.recipients.failed > 0 ? (
            <Button variant="default" loading={retry.isPending} onClick={() => retry.mutate()}>
              {t('breaches.detail.retryFailed', { count: breach.recipients.failed })}
            </Button>
          ) : null}
          {job && total > 0 ? (
            <Stack gap={2} style={{ flex: 1 }}>
              <Progress value={(job.done / total) * 100} />
              <Text fz="xs" data-testid="notify-progress">{t('breaches.detail.progress', { done: job.done, total })}</Text>
            </Stack>
          ) : null}
        </Group>
        {retry.error ? <QueryError error={retry.error} /> : null}
      </Stack>
    </Card>
  );
}

export function BreachPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [scope] = usePrivacyScope();
  const fmt = useFormatters();
  const now = useNow();
  const queryClient = useQueryClient();
  const breach = useQuery({
    queryKey: ['breach', id, scope],
    queryFn: () => breachesApi.get(id, scope),
    // Follows the notice job while it runs.
    refetchInterval: (q) => (q.state.data?.notifyJob && ['queued', 'running'].includes(q.state.data.notifyJob.status) ? 1500 : false),
  });
  const tick = useMutation({
    mutationFn: ({ item, done }: { item: BreachDetail['checklist'][number]['item']; done: boolean }) => breachesApi.tick(id, scope, item, done),
    onSuccess: (data) => queryClient.setQueryData(['breach', id, scope], data),
  });
  if (breach.isPending) return <SectionLoader />;
  if (breach.error) return <QueryError error={breach.error} onRetry={() => void breach.refetch()} />;
  const b = breach.data;
  return (
    <>
      <PageHeader
        title={b.title}
        subtitle={`${t('breaches.columns.awareAt')}: ${fmt.dateTime(b.awareAt)}`}
        actions={
          <Group>
            <Button variant="default" onClick={() => void openReport(b.id, scope, 'json')}>{t('breaches.detail.reportJson')}</Button>
            <Button variant="default" onClick={() => void openReport(b.id, scope, 'html')}>{t('breaches.detail.reportHtml')}</Button>
          </Group>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card>
              <Title order={3} fz="lg" mb="xs">{t('breaches.detail.deadlines')}</Title>
              <Group justify="space-between"><Text>{t('breaches.detail.authority')} · {fmt.dateTime(b.deadlines.authority)}</Text><Countdown dueAt={b.deadlines.authority} closed={b.authorityNotifiedAt !== null} now={now} /></Group>
              <Group justify="space-between"><Text>{t('breaches.detail.subjects')} · {fmt.dateTime(b.deadlines.subjects)}</Text><Countdown dueAt={b.deadlines.subjects} closed={b.subjectsNotifiedAt !== null} now={now} /></Group>
            </Card>
            <Card>
              <Title order={3} fz="lg" mb="xs">{t('breaches.detail.facts')}</Title>
              <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{b.nature}</Text>
              <Group gap={4} mt="xs">{b.dataCategories.map((c) => <Badge key={c} variant="light">{c}</Badge>)}</Group>
              <Text fz="sm" mt="xs">{t('breaches.form.approxSubjects')}: {b.approxSubjects}{b.approxRecords !== null ? ` · ${t('breaches.form.approxRecords')}: ${b.approxRecords}` : ''}</Text>
              {b.consequences ? <Text fz="sm">{t('breaches.form.consequences')}: {b.consequences}</Text> : null}
              {b.measures ? <Text fz="sm">{t('breaches.form.measures')}: {b.measures}</Text> : null}
            </Card>
            {b.authorityLate || b.lateReason ? <LateReasonCard breach={b} scope={scope} /> : null}
            <AffectedQuery breach={b} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card>
              <Title order={3} fz="lg" mb="xs">{t('breaches.detail.checklist')}</Title>
              <Stack gap="xs">
                {b.checklist.map((c) => (
                  <Checkbox
                    key={c.item}
                    checked={c.doneAt !== null}
                    disabled={tick.isPending}
                    onChange={(e) => tick.mutate({ item: c.item, done: e.currentTarget.checked })}
                    label={t(`breaches.items.${c.item}`)}
                    description={c.doneAt ? t('breaches.detail.doneBy', { at: fmt.dateTime(c.doneAt) }) : undefined}
                  />
                ))}
              </Stack>
            </Card>
            <Card>
              <Title order={3} fz="lg" mb="xs">{t('breaches.detail.timeline')}</Title>
              <Stack gap={4}>
                {b.timeline.map((e, i) => (
                  <Text key={i} fz="sm"><Text span c="dimmed">{fmt.dateTime(e.at)}</Text> · {(t('breaches.actions', { returnObjects: true }) as Record<string, string>)[e.action] ?? e.action}</Text>
                ))}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

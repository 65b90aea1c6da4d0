import { Badge, Button, Card, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notify } from '../../components/crm/notify';
import { useFormatters } from '../../lib/format';
import type { HistoryEntry, PrivacyRequest, PrivacyScopeName, TableLabels } from './api';
import { requestsApi } from './api';
import { badgeText } from './badges';
import { privacyError } from './RequestActions';
import { ScrollRegion } from './ScrollRegion';

const CORRECTION_STATUSES = ['pending', 'applied', 'declined'] as const;

function isCorrectionStatus(value: string): value is (typeof CORRECTION_STATUSES)[number] {
  return (CORRECTION_STATUSES as readonly string[]).includes(value);
}

/** Field-by-field decisions on proposed corrections; self-service fields were applied on intake. */
export function CorrectionsCard({
  request,
  scope,
  canManage,
}: {
  request: PrivacyRequest;
  scope: PrivacyScopeName;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'apply' | 'decline' }) =>
      requestsApi.decide(request.id, scope, id, decision),
    onSuccess: async () => {
      notify({ message: t('common.saved') });
      await queryClient.invalidateQueries({ queryKey: ['privacy'] });
    },
    onError: (error) => notify({ color: 'red', message: privacyError(t, error) }),
  });
  const open = request.status === 'open';

  return (
    <Card component="section" aria-labelledby="privacy-corrections">
      <Title order={2} fz="md" mb="md" id="privacy-corrections">
        {t('privacy.detail.corrections')}
      </Title>
      <ScrollRegion label={t('privacy.detail.corrections')} minWidth={520}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.detail.field')}</Table.Th>
              <Table.Th>{t('privacy.detail.current')}</Table.Th>
              <Table.Th>{t('privacy.detail.proposed')}</Table.Th>
              <Table.Th>{t('privacy.queue.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {request.corrections.map((c) => {
              const pending = c.status === 'pending';
              const busy = decide.isPending && decide.variables.id === c.id;
              return (
                <Table.Tr key={c.id}>
                  <Table.Td fz="sm" fw={500}>
                    {c.label}
                  </Table.Td>
                  <Table.Td fz="sm">{c.currentValue ?? '—'}</Table.Td>
                  <Table.Td fz="sm">{c.proposedValue ?? '—'}</Table.Td>
                  <Table.Td>
                    {pending && canManage && open ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          loading={busy && decide.variables.decision === 'apply'}
                          onClick={() => decide.mutate({ id: c.id, decision: 'apply' })}
                          aria-label={t('privacy.detail.applyLabel', { field: c.label })}
                        >
                          {t('privacy.detail.apply')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={busy && decide.variables.decision === 'decline'}
                          onClick={() => decide.mutate({ id: c.id, decision: 'decline' })}
                          aria-label={t('privacy.detail.declineLabel', { field: c.label })}
                        >
                          {t('privacy.detail.decline')}
                        </Button>
                      </Group>
                    ) : (
                      <Stack gap={2}>
                        <Badge
                          size="sm"
                          variant="light"
                          color={c.status === 'applied' ? 'green' : c.status === 'declined' ? 'red' : 'gray'}
                          c={badgeText(c.status === 'applied' ? 'green' : c.status === 'declined' ? 'red' : 'gray')}
                        >
                          {isCorrectionStatus(c.status) ? t(`privacy.correctionStatuses.${c.status}`) : c.status}
                        </Badge>
                        {c.selfService ? (
                          <Text fz="xs" c="dimmed">
                            {t('privacy.detail.selfService')}
                          </Text>
                        ) : null}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Card>
  );
}

const COUNTERS = ['subjects', 'applied', 'declined', 'restricted', 'consentRecords'] as const;

/** A table by its label in the officer's language, its SQL name beside it for those who look it up. */
function TableName({ row }: { row: { table: string; labels?: TableLabels | undefined } }) {
  const { i18n } = useTranslation();
  const label = row.labels?.[i18n.resolvedLanguage === 'id' ? 'id' : 'en'];
  if (!label) {
    return (
      <Text component="span" ff="monospace" fz="sm">
        {row.table}
      </Text>
    );
  }
  return (
    <>
      {label}{' '}
      <Text component="span" ff="monospace" fz="xs" c="dimmed">
        ({row.table})
      </Text>
    </>
  );
}

/** What the engine did: row counts per table, legal holds, processor tasks. Ids and counts only. */
export function RequestResultCard({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const result = request.result;
  if (!result) return null;
  const tables = result.tables ?? [];
  const holds = result.legalHolds ?? [];
  return (
    <Card component="section" aria-labelledby="privacy-result">
      <Title order={2} fz="md" mb="md" id="privacy-result">
        {t('privacy.detail.result')}
      </Title>
      <Stack gap="md">
        {tables.length > 0 ? (
          <Table verticalSpacing={6} aria-label={t('privacy.detail.resultTables')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('privacy.detail.table')}</Table.Th>
                <Table.Th ta="right">{t('privacy.detail.rows')}</Table.Th>
                {tables.some((x) => x.action) ? <Table.Th>{t('privacy.detail.action')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tables.map((row) => (
                <Table.Tr key={row.table}>
                  <Table.Td fz="sm">
                    <TableName row={row} />
                  </Table.Td>
                  <Table.Td fz="sm" ta="right">
                    {row.rows}
                  </Table.Td>
                  {tables.some((x) => x.action) ? <Table.Td fz="sm">{row.action ?? '—'}</Table.Td> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {COUNTERS.filter((key) => typeof result[key] === 'number').map((key) => (
          <Text fz="sm" key={key}>
            <b>{t(`privacy.detail.counters.${key}`)}:</b> {result[key]}
          </Text>
        ))}
        {result.legalHolds ? (
          <div>
            <Text fz="sm" fw={600}>
              {t('privacy.detail.legalHolds')}
            </Text>
            {holds.length === 0 ? (
              <Text fz="sm" c="dimmed">
                {t('privacy.detail.none')}
              </Text>
            ) : (
              <Stack gap={4} component="ul" m={0} pl="md">
                {holds.map((h) => (
                  <Text component="li" fz="sm" key={h.table}>
                    <TableName row={h} />
                    {`: ${h.rows} · ${t('privacy.detail.holdYears', { count: h.holdYears })} · ${h.reason}`}
                  </Text>
                ))}
              </Stack>
            )}
          </div>
        ) : null}
        {result.processorTasks && result.processorTasks.length > 0 ? (
          <Text fz="sm">
            <b>{t('privacy.detail.processorTasks')}:</b> {result.processorTasks.join(', ')}
          </Text>
        ) : null}
        {result.filesRemoved !== undefined ? (
          <Text fz="sm">
            <b>{t('privacy.detail.filesRemoved')}:</b> {result.filesRemoved}
          </Text>
        ) : null}
        {result.expiresAt ? (
          <Text fz="sm">
            <b>{t('privacy.detail.exportExpires')}:</b> {format.dateTime(result.expiresAt)}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

const HISTORY_ACTIONS = [
  'received',
  'verified',
  'acknowledged',
  'assigned',
  'extended',
  'rejected',
  'correction_applied',
  'correction_declined',
  'processing',
  'completed',
  'expired',
] as const;

function isHistoryAction(value: string): value is (typeof HISTORY_ACTIONS)[number] {
  return (HISTORY_ACTIONS as readonly string[]).includes(value);
}

/** Audit actions read "privacy_request.extended"; the last part names the step. */
function useActionLabel() {
  const { t } = useTranslation();
  return (action: string): string => {
    const last = action.split('.').pop() ?? action;
    if (isHistoryAction(last)) return t(`privacy.history.${last}`);
    const words = last.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  };
}

export function HistoryCard({
  history,
  name,
}: {
  history: HistoryEntry[];
  name: (id: string | null) => string | null;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const actionLabel = useActionLabel();
  return (
    <Card component="section" aria-labelledby="privacy-history">
      <Title order={2} fz="md" mb="md" id="privacy-history">
        {t('privacy.detail.history')}
      </Title>
      {history.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('privacy.detail.noHistory')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {history.map((h, i) => (
            <Timeline.Item key={`${h.at}-${i}`} title={actionLabel(h.action)}>
              <Text fz="xs" c="dimmed">
                {format.dateTime(h.at)} · {name(h.actorId) ?? t('privacy.detail.system')}
              </Text>
              {h.reason ? <Text fz="sm">{h.reason}</Text> : null}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}

import { Alert, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DetailList, RecordHeader } from '../../components/crm/RecordHeader';
import { QueryError } from '../../components/Loaders';
import { useFormatters } from '../../lib/format';
import { useOptionalWorkspace } from '../../lib/workspace';
import { RecordPageSkeleton } from '../crm/RecordPageSkeleton';
import { requestsApi } from './api';
import { isClosed, StatusBadge, TypeBadge } from './badges';
import { Countdown, useNow } from './Countdown';
import { useAssigneeNames, usePrivacyAccess, usePrivacyScope } from './hooks';
import { RequestActions } from './RequestActions';
import { CorrectionsCard, HistoryCard, RequestResultCard } from './RequestParts';

export function RequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormatters();
  const access = usePrivacyAccess();
  const current = useOptionalWorkspace();
  const [scope] = usePrivacyScope();
  const people = useAssigneeNames(scope);
  const now = useNow();
  const request = useQuery({
    queryKey: ['privacy', scope, current?.id ?? '-', 'request', id],
    queryFn: () => requestsApi.get(id, scope),
    // While the job carries the request out, look again every few seconds for the result.
    refetchInterval: (query) => (query.state.data?.status === 'processing' ? 3000 : false),
  });

  if (request.isPending) return <RecordPageSkeleton />;
  if (request.isError) return <QueryError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  const canManage = scope === 'platform' ? access.platform : access.workspace;
  const typeLabel = t(`privacy.types.${r.type}`);

  return (
    <>
      <RecordHeader
        title={r.email}
        subtitle={t('privacy.detail.title', { type: typeLabel })}
        back={{
          to: `/privacy/requests${scope === 'platform' ? '?scope=platform' : ''}`,
          label: t('privacy.detail.back'),
        }}
        avatarColor="grape"
        badges={
          <Group gap="xs">
            <TypeBadge type={r.type} />
            <StatusBadge status={r.status} />
          </Group>
        }
        actions={<Countdown dueAt={r.dueAt} closed={isClosed(r.status)} now={now} size="md" />}
      />
      <Alert
        color={r.overdue ? 'red' : 'blue'}
        icon={<IconClock aria-hidden="true" />}
        mb="lg"
        title={t('privacy.detail.clock')}
      >
        {r.clock}
      </Alert>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <Card component="section" aria-labelledby="privacy-facts">
              <Title order={2} fz="md" mb="md" id="privacy-facts">
                {t('privacy.detail.facts')}
              </Title>
              <DetailList
                items={[
                  { label: t('privacy.detail.email'), value: r.email },
                  { label: t('privacy.detail.phone'), value: r.phone },
                  { label: t('privacy.detail.jurisdiction'), value: t(`privacy.jurisdictions.${r.jurisdiction}`) },
                  { label: t('privacy.detail.scope'), value: t(`privacy.scopes.${r.scope}`) },
                  { label: t('privacy.detail.received'), value: format.dateTime(r.receivedAt) },
                  { label: t('privacy.detail.verified'), value: r.verifiedAt ? format.dateTime(r.verifiedAt) : null },
                  ...(r.ackDueAt
                    ? [
                        { label: t('privacy.detail.ackDue'), value: format.dateTime(r.ackDueAt) },
                        {
                          label: t('privacy.detail.acknowledged'),
                          value: r.acknowledgedAt ? format.dateTime(r.acknowledgedAt) : null,
                        },
                      ]
                    : []),
                  { label: t('privacy.detail.due'), value: format.dateTime(r.dueAt) },
                  ...(r.extendedAt
                    ? [
                        { label: t('privacy.detail.originalDue'), value: format.dateTime(r.originalDueAt) },
                        { label: t('privacy.detail.extensionReason'), value: r.extensionReason },
                      ]
                    : []),
                  ...(r.rejectionReason
                    ? [{ label: t('privacy.detail.rejectionReason'), value: r.rejectionReason }]
                    : []),
                  ...(r.completedAt
                    ? [{ label: t('privacy.detail.completed'), value: format.dateTime(r.completedAt) }]
                    : []),
                ]}
              />
              {r.details ? (
                <Stack gap={4} mt="md">
                  <Text fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
                    {t('privacy.detail.details')}
                  </Text>
                  <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {r.details}
                  </Text>
                </Stack>
              ) : null}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <RequestActions request={r} scope={scope} canManage={canManage} />
            {r.corrections.length > 0 ? <CorrectionsCard request={r} scope={scope} canManage={canManage} /> : null}
            <RequestResultCard request={r} />
            <HistoryCard history={r.history} name={people.name} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

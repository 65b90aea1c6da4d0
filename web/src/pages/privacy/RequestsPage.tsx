import {
  Anchor,
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { useFormatters } from '../../lib/format';
import { useOptionalWorkspace } from '../../lib/workspace';
import { JURISDICTIONS, REQUEST_STATUSES, REQUEST_TYPES, requestsApi, type RequestFilters } from './api';
import { isClosed, StatusBadge, TypeBadge } from './badges';
import { Countdown, useNow } from './Countdown';
import { useAssigneeNames, usePrivacyAccess, usePrivacyScope } from './hooks';
import { ScrollRegion } from './ScrollRegion';

const FILTER_KEYS = ['status', 'type', 'jurisdiction'] as const;

export function RequestsPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const access = usePrivacyAccess();
  const current = useOptionalWorkspace();
  const [scope, setScope] = usePrivacyScope();
  const [params, setParams] = useSearchParams();
  const people = useAssigneeNames(scope);
  const now = useNow();

  const filters: RequestFilters = {
    scope,
    status: params.get('status') ?? undefined,
    type: params.get('type') ?? undefined,
    jurisdiction: params.get('jurisdiction') ?? undefined,
    overdue: params.get('overdue') === 'true',
    assignee: params.get('mine') === 'true' ? people.myId : undefined,
  };
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (value) copy.set(key, value);
        else copy.delete(key);
        return copy;
      },
      { replace: true },
    );

  const list = useInfiniteQuery({
    queryKey: ['privacy', scope, current?.id ?? '-', 'requests', filters],
    queryFn: ({ pageParam }) => requestsApi.list({ ...filters, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Deadlines move and new requests arrive by email; a minute is fresh enough for a queue.
    refetchInterval: 60_000,
    enabled: access.workspace || access.platform,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const scopeQuery = scope === 'platform' ? '?scope=platform' : '';

  const options = {
    status: REQUEST_STATUSES.map((s) => ({ value: s, label: t(`privacy.statuses.${s}`) })),
    type: REQUEST_TYPES.map((s) => ({ value: s, label: t(`privacy.types.${s}`) })),
    jurisdiction: JURISDICTIONS.map((s) => ({ value: s, label: t(`privacy.jurisdictions.${s}`) })),
  };

  let content;
  if (list.isPending) content = <SectionLoader />;
  else if (list.isError) content = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (rows.length === 0) {
    content = (
      <Center py="xl">
        <Text c="dimmed">{t('privacy.queue.empty')}</Text>
      </Center>
    );
  } else {
    content = (
      <ScrollRegion label={t('privacy.queue.title')} minWidth={860}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('privacy.queue.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.queue.requester')}</Table.Th>
              <Table.Th>{t('privacy.queue.type')}</Table.Th>
              <Table.Th>{t('privacy.queue.status')}</Table.Th>
              <Table.Th>{t('privacy.queue.jurisdiction')}</Table.Th>
              <Table.Th>{t('privacy.queue.received')}</Table.Th>
              <Table.Th>{t('privacy.queue.due')}</Table.Th>
              <Table.Th>{t('privacy.queue.assignee')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-request-id={r.id}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/privacy/requests/${encodeURIComponent(r.id)}${scopeQuery}`}
                    fw={600}
                    fz="sm"
                    aria-label={t('privacy.queue.open', { email: r.email })}
                  >
                    {r.email}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <TypeBadge type={r.type} />
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td fz="sm">{t(`privacy.jurisdictionsShort.${r.jurisdiction}`)}</Table.Td>
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {format.date(r.receivedAt)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Stack gap={0}>
                    <Countdown dueAt={r.dueAt} closed={isClosed(r.status)} now={now} />
                    <Text fz="xs" c="dimmed">
                      {format.dateTime(r.dueAt)}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td fz="sm">
                  {people.name(r.assigneeId) ?? (
                    <Text component="span" c="dimmed" fz="sm">
                      {t('privacy.queue.unassigned')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    );
  }

  return (
    <>
      <PageHeader
        title={t('privacy.queue.title')}
        subtitle={t('privacy.queue.subtitle')}
        actions={
          access.platform && access.workspace ? (
            <SegmentedControl
              aria-label={t('privacy.queue.scope')}
              value={scope}
              onChange={(v) => setScope(v === 'platform' ? 'platform' : 'workspace')}
              data={[
                { value: 'workspace', label: current?.name ?? t('privacy.scopes.workspace') },
                { value: 'platform', label: t('privacy.scopes.platform') },
              ]}
            />
          ) : null
        }
      />
      <Card>
        <Group gap="md" align="flex-end" mb="md" wrap="wrap" role="group" aria-label={t('privacy.queue.filters')}>
          {FILTER_KEYS.map((key) => (
            <Select
              key={key}
              label={t(`privacy.queue.${key}`)}
              placeholder={t('privacy.queue.any')}
              data={options[key]}
              value={params.get(key)}
              onChange={(v) => setParam(key, v)}
              clearable
              w={170}
            />
          ))}
          <Checkbox
            label={t('privacy.queue.overdue')}
            checked={filters.overdue === true}
            onChange={(e) => setParam('overdue', e.currentTarget.checked ? 'true' : null)}
            mb={8}
          />
          <Checkbox
            label={t('privacy.queue.mine')}
            checked={params.get('mine') === 'true'}
            onChange={(e) => setParam('mine', e.currentTarget.checked ? 'true' : null)}
            mb={8}
          />
        </Group>
        {content}
        {list.hasNextPage ? (
          <Center mt="md">
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('privacy.queue.loadMore')}
            </Button>
          </Center>
        ) : null}
      </Card>
    </>
  );
}

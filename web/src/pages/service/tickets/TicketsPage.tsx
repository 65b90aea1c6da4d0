import { Anchor, Badge, Button, Group, Select, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInbox, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { useUrlParams } from '../../../lib/searchParams';
import { PRIORITIES, STATUSES, VIEWS, serviceApi, useServiceKey, type TicketFilters, type TicketView } from '../api';
import { PriorityBadge, SlaBadge, StatusBadge } from '../badges';
import { useAgentOptions, useTeamOptions } from '../hooks';
import { NewTicketModal } from './NewTicketModal';

const FILTERS = ['status', 'priority', 'assigneeId', 'teamId', 'tag', 'q'] as const;

function asView(value: string | null): TicketView {
  return VIEWS.find((v) => v === value) ?? 'all';
}

/** The agents' inbox: a view per tab, filters and search in the address, newest activity first. */
export function TicketsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const key = useServiceKey();
  const [params, setParams] = useUrlParams();
  const [creating, setCreating] = useState(false);
  const agents = useAgentOptions();
  const teams = useTeamOptions();
  const view = asView(params.get('view'));
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParams({ q: debounced || null });
  }, [debounced, params, setParams]);

  const filters: TicketFilters = { view };
  for (const f of FILTERS) filters[f] = params.get(f);
  const list = useInfiniteQuery({
    queryKey: key('tickets', filters),
    queryFn: ({ pageParam }) => serviceApi.tickets(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // New tickets and moving SLA clocks show up without a reload.
    refetchInterval: 30_000,
  });
  const counts = useQuery({ queryKey: key('tickets', 'view-counts'), queryFn: serviceApi.viewCounts, refetchInterval: 30_000 });
  const countOf = (v: TicketView): string | null => {
    const c = counts.data;
    const n = c && v !== 'all' ? c[v] : null;
    if (n === null || n === undefined || !c) return null;
    return n >= c.cap ? `${c.cap}+` : String(n);
  };
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = FILTERS.some((f) => params.get(f));

  const select = (name: (typeof FILTERS)[number], label: string, data: { value: string; label: string }[]) => (
    <Select
      label={label}
      placeholder={t('service.inbox.any')}
      data={data}
      value={params.get(name)}
      onChange={(v) => setParams({ [name]: v })}
      clearable
      searchable={data.length > 8}
      w={{ base: 'calc(50% - 6px)', xs: 160 }}
    />
  );

  let content;
  if (list.isPending) content = <SectionLoader />;
  else if (list.isError) content = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (rows.length === 0)
    content = (
      <EmptyState
        icon={IconInbox}
        title={filtered ? t('service.inbox.noMatch') : t(`service.inbox.empty.${view}`)}
        body={filtered ? undefined : t('service.inbox.emptyBody')}
      />
    );
  else
    content = (
      <>
        <Table.ScrollContainer minWidth={920}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="tickets-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.columns.number')}</Table.Th>
                <Table.Th>{t('service.columns.subject')}</Table.Th>
                <Table.Th>{t('service.columns.requester')}</Table.Th>
                <Table.Th>{t('service.columns.status')}</Table.Th>
                <Table.Th>{t('service.columns.priority')}</Table.Th>
                <Table.Th>{t('service.columns.assignee')}</Table.Th>
                <Table.Th>{t('service.columns.sla')}</Table.Th>
                <Table.Th>{t('service.columns.lastActivity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((ticket) => (
                <Table.Tr key={ticket.id}>
                  <Table.Td>
                    <Text fz="sm" ff="monospace">
                      #{ticket.number}
                    </Text>
                  </Table.Td>
                  <Table.Td miw={220} maw={380}>
                    <Anchor component={Link} to={`/service/tickets/${ticket.id}`} fz="sm" fw={600} lineClamp={1}>
                      {ticket.subject}
                    </Anchor>
                    {ticket.tags.length > 0 && (
                      <Text fz="xs" c="dimmed" lineClamp={1}>
                        {ticket.tags.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" lineClamp={1}>
                      {ticket.requester.name ?? ticket.requester.email}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <StatusBadge status={ticket.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <PriorityBadge priority={ticket.priority} />
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" c={ticket.assigneeId ? undefined : 'dimmed'}>
                      {agents.nameOf(ticket.assigneeId) ?? t('service.unassigned')}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <SlaBadge ticket={ticket} />
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(ticket.lastMessageAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('service.inbox.loadMore')}
            </Button>
          </Group>
        )}
      </>
    );

  return (
    <>
      <PageHeader
        title={t('service.inbox.title')}
        subtitle={t('service.inbox.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
            {t('service.newTicket.open')}
          </Button>
        }
      />
      <Tabs value={view} onChange={(v) => setParams({ view: v === 'all' ? null : v })} mb="md">
        <Tabs.List>
          {VIEWS.map((v) => {
            const n = countOf(v);
            return (
              <Tabs.Tab
                key={v}
                value={v}
                rightSection={
                  n === null ? undefined : (
                    <Badge size="sm" variant="light" color={v === 'breaching' && n !== '0' ? 'red' : 'gray'} c={v === 'breaching' && n !== '0' ? 'red.9' : 'gray.8'} data-testid={`view-count-${v}`}>
                      {n}
                    </Badge>
                  )
                }
              >
                {t(`service.views.${v}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" mb="md" gap="sm" wrap="wrap">
        <TextInput
          label={t('service.inbox.search')}
          placeholder={t('service.inbox.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
        />
        {select(
          'status',
          t('service.columns.status'),
          STATUSES.map((s) => ({ value: s, label: t(`service.status.${s}`) })),
        )}
        {select(
          'priority',
          t('service.columns.priority'),
          PRIORITIES.map((p) => ({ value: p, label: t(`service.priority.${p}`) })),
        )}
        {select('assigneeId', t('service.columns.assignee'), agents.options)}
        {select('teamId', t('service.columns.team'), teams.options)}
        <TextInput
          label={t('service.columns.tag')}
          value={params.get('tag') ?? ''}
          onChange={(e) => setParams({ tag: e.currentTarget.value || null })}
          w={{ base: 'calc(50% - 6px)', xs: 130 }}
        />
      </Group>
      {content}
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

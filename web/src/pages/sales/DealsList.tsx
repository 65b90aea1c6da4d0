import 'mantine-datatable/styles.css';
import { Anchor, Badge, Card, Skeleton, Stack } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../components/crm/money';
import { QueryError } from '../../components/Loaders';
import { useFormatters } from '../../lib/format';
import { useMemberDirectory } from '../crm/api/queries';
import type { Deal, Pipeline } from '../crm/api/types';
import { useBoard } from './useBoard';

type SortKey = 'name' | 'amount' | 'stageName' | 'expectedCloseDate';

const STATUS_COLOR: Record<Deal['status'], string> = { open: 'blue', won: 'teal', lost: 'red' };

function compare(a: Deal, b: Deal, key: SortKey, order: string[]): number {
  if (key === 'amount') return a.amount - b.amount;
  if (key === 'stageName') return order.indexOf(a.stageId) - order.indexOf(b.stageId);
  return (a[key] ?? '').localeCompare(b[key] ?? '');
}

/** The board's deals as a sortable table. */
export function DealsList({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const board = useBoard(pipeline.id);
  const [sort, setSort] = useState<{ columnAccessor: string; direction: 'asc' | 'desc' }>({
    columnAccessor: 'stageName',
    direction: 'asc',
  });
  if (board.isPending) {
    return (
      <Card>
        <Stack gap="sm" aria-hidden="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={28} />
          ))}
        </Stack>
      </Card>
    );
  }
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  const order = [...pipeline.stages].sort((a, b) => a.position - b.position).map((s) => s.id);
  const records = [...board.data].sort((a, b) => {
    const result = compare(a, b, sort.columnAccessor as SortKey, order);
    return sort.direction === 'asc' ? result : -result;
  });

  return (
    <Card p={0}>
      <DataTable<Deal>
        records={records}
        idAccessor="id"
        highlightOnHover
        verticalSpacing="sm"
        minHeight={records.length === 0 ? 200 : undefined}
        noRecordsText={t('sales.deals.empty')}
        sortStatus={sort}
        onSortStatusChange={(s) => setSort({ columnAccessor: String(s.columnAccessor), direction: s.direction })}
        columns={[
          {
            accessor: 'name',
            title: t('sales.fields.name'),
            sortable: true,
            render: (d) => (
              <Anchor component={Link} to={`/deals/${d.id}`} fw={600} fz="sm">
                {d.name}
              </Anchor>
            ),
          },
          {
            accessor: 'amount',
            title: t('sales.fields.amount'),
            sortable: true,
            textAlign: 'right',
            render: (d) => formatMoney(d.amount, d.currency),
          },
          { accessor: 'stageName', title: t('sales.fields.stage'), sortable: true },
          {
            accessor: 'status',
            title: t('sales.fields.status'),
            render: (d) => (
              <Badge size="sm" variant="outline" color={`${STATUS_COLOR[d.status]}.9`}>
                {t(`sales.status.${d.status}`)}
              </Badge>
            ),
          },
          { accessor: 'ownerId', title: t('sales.fields.owner'), render: (d) => name(d.ownerId) ?? '—' },
          {
            accessor: 'expectedCloseDate',
            title: t('sales.fields.expectedCloseDate'),
            sortable: true,
            render: (d) => format.date(d.expectedCloseDate),
          },
        ]}
      />
    </Card>
  );
}

import { Button, Card, Group, Table, Title, VisuallyHidden, type CardProps } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { useMutation, useQueryClient, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyState } from '../../components/crm/EmptyState';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { errorMessage } from '../../lib/errors';

export interface RecordColumn<T> {
  label: string;
  cell: (row: T) => ReactNode;
  /** Bold text, as for the record's name. */
  strong?: boolean;
}

interface Props<T extends { id: string }> extends Pick<CardProps, 'mt' | 'mb'> {
  title: string;
  newLabel: string;
  /** A quieter "new" button where the card is not the page's main action. */
  newVariant?: 'filled' | 'default';
  query: UseQueryResult<{ data: T[] }>;
  empty: { icon: Icon; title: string; body?: string; action?: ReactNode };
  /** Display order of the rows (the server's when absent). */
  order?: (a: T, b: T) => number;
  columns: RecordColumn<T>[];
  /** Wide tables scroll sideways on narrow screens from this width. */
  minWidth?: number;
  remove: (id: string) => Promise<unknown>;
  /** Queries to refresh after a delete. */
  invalidates: QueryKey;
  deleteTitle: string;
  deleteBody: (row: T) => string;
  /** The editor for a record, or for a new one. */
  editor: (item: T | 'new', onClose: () => void) => ReactNode;
}

/**
 * A settings card listing one kind of record in a table, with a "new" button, edit and delete per
 * row (delete asks first), and the loading, error and empty states.
 */
export function RecordsCard<T extends { id: string }>(props: Props<T>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [removing, setRemoving] = useState<T | null>(null);
  const remove = useMutation({
    mutationFn: props.remove,
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: props.invalidates });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const { query, empty } = props;
  let content;
  const rows = props.order ? [...(query.data?.data ?? [])].sort(props.order) : (query.data?.data ?? []);
  if (query.isPending) content = <SectionLoader />;
  else if (query.isError) content = <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  else if (rows.length === 0)
    content = <EmptyState compact icon={empty.icon} title={empty.title} body={empty.body} action={empty.action} />;
  else {
    const table = (
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th key={c.label}>{c.label}</Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>{t('service.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              {props.columns.map((c) => (
                <Table.Td key={c.label} fw={c.strong ? 600 : undefined}>
                  {c.cell(row)}
                </Table.Td>
              ))}
              <Table.Td ta="right">
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing(row)}>
                    {t('service.edit')}
                  </Button>
                  <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => setRemoving(row)}>
                    {t('service.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
    content = props.minWidth ? <Table.ScrollContainer minWidth={props.minWidth}>{table}</Table.ScrollContainer> : table;
  }
  return (
    <Card withBorder mt={props.mt} mb={props.mb}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {props.title}
        </Title>
        <Button size="sm" variant={props.newVariant ?? 'filled'} onClick={() => setEditing('new')}>
          {props.newLabel}
        </Button>
      </Group>
      {content}
      {editing && props.editor(editing, () => setEditing(null))}
      <ConfirmModal
        opened={removing !== null}
        title={props.deleteTitle}
        body={removing ? props.deleteBody(removing) : ''}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}

import 'mantine-datatable/styles.css';
import { Badge, Button, Card, CloseButton, Group, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { DataTable, useDataTableColumns, type DataTableColumn } from 'mantine-datatable';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../api/types';
import type { ListParams } from '../../pages/crm/api/endpoints';
import { useCrmKey, useCustomFields } from '../../pages/crm/api/queries';
import type { CustomValues, Filter, SavedView, Sort } from '../../pages/crm/api/types';
import { QueryError } from '../Loaders';
import { ColumnChooser } from './ColumnChooser';
import { CustomFieldValue } from './CustomFieldInput';
import { ExportMenu } from './ExportMenu';
import { useFilterFields } from './fields';
import { FilterBuilder } from './FilterBuilder';
import { SavedViews } from './SavedViews';

export type ListColumn<T> = DataTableColumn<T> & { accessor: string; label: string; sortField?: string };

interface Props<T extends { id: string; customFields: CustomValues }> {
  object: 'contact' | 'company';
  columns: ListColumn<T>[];
  fetchPage: (params: ListParams, cursor?: string) => Promise<Page<T>>;
  exportPath: string;
  searchLabel: string;
  /** Shown when the workspace has no records at all yet. */
  empty: ReactNode;
}

function ListSkeleton() {
  return (
    <Stack gap="sm" p="md" aria-hidden="true">
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}

/** A server-paginated, sortable, filterable record list with saved views, columns and export. */
export function RecordList<T extends { id: string; customFields: CustomValues }>(props: Props<T>) {
  const { object, fetchPage, exportPath, searchLabel, empty } = props;
  const { t } = useTranslation();
  const key = useCrmKey();
  const customFields = useCustomFields(object);
  const filterFields = useFilterFields(object);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [filters, setFilters] = useState<Filter[]>([]);
  const [sort, setSort] = useState<Sort | null>(null);
  const [viewId, setViewId] = useState<string | null>(null);

  const columns = useMemo<ListColumn<T>[]>(() => {
    const custom: ListColumn<T>[] = (customFields.data?.data ?? []).map((field) => ({
      accessor: `custom.${field.key}`,
      label: field.label,
      title: field.label,
      sortable: field.type !== 'multi_select',
      sortField: `custom.${field.key}`,
      toggleable: true,
      defaultToggle: false,
      render: (record: T) => <CustomFieldValue field={field} value={record.customFields[field.key]} />,
    }));
    return [...props.columns.map((c) => ({ title: c.label, ...c })), ...custom];
  }, [props.columns, customFields.data]);
  const { effectiveColumns, columnsToggle, setColumnsToggle, resetColumnsToggle } = useDataTableColumns<T>({
    key: `kodepos.${object}.columns`,
    columns,
  });

  // Visibility is chosen in the Columns menu; the table's own per-header toggles are not keyboard friendly.
  // The table is handed only the visible columns, without toggle settings it would re-apply itself.
  const tableColumns = effectiveColumns
    .filter((column) => !column.hidden)
    .map(({ toggleable: _toggleable, defaultToggle: _defaultToggle, ...column }) => column);
  const params: ListParams = { q, filters, sort };
  const list = useInfiniteQuery({
    queryKey: key(object, 'list', params),
    queryFn: ({ pageParam }) => fetchPage(params, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const records = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const narrowed = q.trim() !== '' || filters.length > 0;

  const applyView = (view: SavedView | null) => {
    setViewId(view?.id ?? null);
    setFilters(view?.filters ?? []);
    setSort(view?.sort ?? null);
    if (view && view.columns.length > 0) {
      setColumnsToggle(
        columnsToggle.map((c) => ({ ...c, toggled: !c.toggleable || view.columns.includes(c.accessor) })),
      );
    } else if (!view) resetColumnsToggle();
  };
  const onSort = (accessor: string, direction: 'asc' | 'desc') => {
    const column = columns.find((c) => c.accessor === accessor);
    setSort({ field: column?.sortField ?? accessor, dir: direction });
  };
  const sortAccessor = sort ? (columns.find((c) => (c.sortField ?? c.accessor) === sort.field)?.accessor ?? '') : '';
  const labels = Object.fromEntries(columns.map((c) => [c.accessor, c.label]));
  const visible = columnsToggle.filter((c) => c.toggled).map((c) => c.accessor);
  const fieldLabel = new Map(filterFields.map((f) => [f.key, f.label]));

  let body: ReactNode;
  if (list.isPending) body = <ListSkeleton />;
  else if (list.isError) body = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (records.length === 0 && !narrowed) body = empty;
  else {
    body = (
      <DataTable<T>
        records={records}
        columns={tableColumns}
        idAccessor="id"
        defaultColumnProps={{ noWrap: true }}
        fetching={list.isFetching && !list.isFetchingNextPage}
        highlightOnHover
        verticalSpacing="sm"
        minHeight={records.length === 0 ? 220 : undefined}
        noRecordsText={t('crm.list.noMatches')}
        sortStatus={{ columnAccessor: sortAccessor, direction: sort?.dir ?? 'asc' }}
        onSortStatusChange={(s) => onSort(String(s.columnAccessor), s.direction)}
      />
    );
  }

  return (
    <Card p={0}>
      <Group p="md" gap="sm" justify="space-between" wrap="wrap">
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label={searchLabel}
            placeholder={searchLabel}
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            rightSection={
              search ? (
                <CloseButton size="sm" aria-label={t('crm.list.clearSearch')} onClick={() => setSearch('')} />
              ) : null
            }
            w={260}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <FilterBuilder fields={filterFields} filters={filters} onChange={setFilters} />
          <SavedViews
            object={object}
            activeId={viewId}
            current={{ filters, sort, columns: visible }}
            onApply={applyView}
          />
        </Group>
        <Group gap="sm">
          <ColumnChooser
            toggles={columnsToggle}
            labels={labels}
            onChange={setColumnsToggle}
            onReset={resetColumnsToggle}
          />
          <ExportMenu path={exportPath} params={params} baseName={`${object}s`} />
        </Group>
      </Group>
      {filters.length > 0 ? (
        <Group gap="xs" px="md" pb="sm">
          {filters.map((f, i) => (
            <Badge key={i} variant="light" c="brand.9" size="lg" tt="none" fw={500}>
              {fieldLabel.get(f.field) ?? f.field} {t(`crm.filters.ops.${f.op}`)}{' '}
              {f.value === undefined ? '' : Array.isArray(f.value) ? f.value.join(', ') : String(f.value)}
            </Badge>
          ))}
          <Button variant="subtle" size="compact-sm" onClick={() => setFilters([])}>
            {t('crm.filters.clear')}
          </Button>
        </Group>
      ) : null}
      {body}
      {records.length > 0 ? (
        <Group justify="space-between" p="md">
          <Text fz="sm" c="dimmed" aria-live="polite">
            {t('crm.list.showing', { count: records.length })}
          </Text>
          {list.hasNextPage ? (
            <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('crm.list.loadMore')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Card>
  );
}

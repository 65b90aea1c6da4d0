import { Button, Card, Group, Modal, MultiSelect, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconList, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/crm/EmptyState';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { marketingApi, useLists, useMarketingKey, type MailingList } from './api';

function NewList() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = useMarketingKey();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => marketingApi.createList(name.trim()),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: key('lists') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Card
      withBorder
      mb="lg"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <Group align="flex-end">
        <TextInput
          label={t('marketing.lists.new')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={200}
        />
        <Button
          type="submit"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          loading={create.isPending}
          disabled={!name.trim()}
        >
          {t('marketing.lists.create')}
        </Button>
      </Group>
    </Card>
  );
}

/** Pick contacts by name or email (searched on the server) and add them to the list. */
function AddMembers({ list, onClose }: { list: MailingList; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = useMarketingKey();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<string[]>([]);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const found = useQuery({ queryKey: key('contact-search', q), queryFn: () => marketingApi.contacts(q) });
  const options = [
    ...new Map([
      ...Object.entries(labels).filter(([id]) => picked.includes(id)),
      ...(found.data?.data ?? []).map((c) => [c.id, c.email ? `${c.name} <${c.email}>` : c.name] as const),
    ]).entries(),
  ].map(([value, label]) => ({ value, label }));
  const add = useMutation({
    mutationFn: () => marketingApi.addMembers(list.id, picked),
    onSuccess: async () => {
      notify({ color: 'brand', message: t('marketing.lists.added', { count: picked.length }) });
      await client.invalidateQueries({ queryKey: key('lists') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Modal opened onClose={onClose} title={t('marketing.lists.addTo', { name: list.name })}>
      <Stack>
        <MultiSelect
          label={t('marketing.lists.pick')}
          placeholder={t('marketing.lists.pickPlaceholder')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: o }) => o}
          data={options}
          value={picked}
          onChange={(ids) => {
            setPicked(ids);
            setLabels((prev) => ({
              ...prev,
              ...Object.fromEntries(options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label])),
            }));
          }}
        />
        <Button onClick={() => add.mutate()} loading={add.isPending} disabled={picked.length === 0}>
          {t('marketing.lists.add')}
        </Button>
      </Stack>
    </Modal>
  );
}

export function ListsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const lists = useLists();
  const [adding, setAdding] = useState<MailingList | null>(null);
  let content;
  if (lists.isPending) content = <SectionLoader />;
  else if (lists.isError) content = <QueryError error={lists.error} onRetry={() => void lists.refetch()} />;
  else if (lists.data.data.length === 0)
    content = <EmptyState icon={IconList} title={t('marketing.lists.empty')} body={t('marketing.lists.emptyBody')} />;
  else {
    content = (
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('marketing.lists.columns.name')}</Table.Th>
            <Table.Th>{t('marketing.lists.columns.members')}</Table.Th>
            <Table.Th>{t('marketing.lists.columns.updated')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lists.data.data.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td fw={600}>{l.name}</Table.Td>
              <Table.Td>{l.memberCount}</Table.Td>
              <Table.Td>{fmt.dateTime(l.updatedAt)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconUserPlus size={14} aria-hidden="true" />}
                  onClick={() => setAdding(l)}
                  aria-label={t('marketing.lists.addTo', { name: l.name })}
                >
                  {t('marketing.lists.add')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <>
      <PageHeader title={t('marketing.lists.title')} subtitle={t('marketing.lists.subtitle')} />
      <NewList />
      {content}
      {adding && <AddMembers list={adding} onClose={() => setAdding(null)} />}
    </>
  );
}

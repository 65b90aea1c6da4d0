import { Button, Card, Group, Modal, NumberInput, Stack, Table, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconFolder } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { serviceApi, useServiceKey, type KbCategory } from '../api';

export function useKbCategories() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('kb-categories'), queryFn: serviceApi.kbCategories.list });
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

function CategoryModal({
  category,
  nextPosition,
  onClose,
}: {
  category: KbCategory | 'new';
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const start = category === 'new' ? null : category;
  const [nameEn, setNameEn] = useState(start?.nameEn ?? '');
  const [nameId, setNameId] = useState(start?.nameId ?? '');
  const [slug, setSlug] = useState(start?.slug ?? '');
  const [position, setPosition] = useState(start?.position ?? nextPosition);
  const save = useMutation({
    mutationFn: () => {
      const input = {
        nameEn: nameEn.trim(),
        nameId: nameId.trim() || nameEn.trim(),
        slug: slug || slugify(nameEn),
        position,
      };
      return start ? serviceApi.kbCategories.update(start.id, input) : serviceApi.kbCategories.create(input);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('kb-categories') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={start ? t('service.kb.editCategory') : t('service.kb.newCategory')}
    >
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (nameEn.trim()) save.mutate();
        }}
      >
        <TextInput
          label={t('service.kb.nameEn')}
          value={nameEn}
          onChange={(e) => setNameEn(e.currentTarget.value)}
          required
          data-autofocus
        />
        <TextInput label={t('service.kb.nameId')} value={nameId} onChange={(e) => setNameId(e.currentTarget.value)} />
        <TextInput
          label={t('service.kb.slug')}
          value={slug}
          placeholder={slugify(nameEn)}
          onChange={(e) => setSlug(slugify(e.currentTarget.value))}
        />
        <NumberInput
          label={t('service.kb.position')}
          min={0}
          value={position}
          onChange={(v) => setPosition(typeof v === 'number' ? v : 0)}
          w={160}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!nameEn.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CategoriesCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const categories = useKbCategories();
  const [editing, setEditing] = useState<KbCategory | 'new' | null>(null);
  const [removing, setRemoving] = useState<KbCategory | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => serviceApi.kbCategories.remove(id),
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: key('kb-categories') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const list = [...(categories.data?.data ?? [])].sort((a, b) => a.position - b.position);
  let content;
  if (categories.isPending) content = <SectionLoader />;
  else if (categories.isError)
    content = <QueryError error={categories.error} onRetry={() => void categories.refetch()} />;
  else if (list.length === 0) content = <EmptyState compact icon={IconFolder} title={t('service.kb.noCategories')} />;
  else
    content = (
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('service.kb.nameEn')}</Table.Th>
            <Table.Th>{t('service.kb.nameId')}</Table.Th>
            <Table.Th>{t('service.kb.slug')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('service.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td fw={600}>{c.nameEn}</Table.Td>
              <Table.Td>{c.nameId}</Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {c.slug}
              </Table.Td>
              <Table.Td ta="right">
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing(c)}>
                    {t('service.edit')}
                  </Button>
                  <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => setRemoving(c)}>
                    {t('service.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  return (
    <Card withBorder mb="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {t('service.kb.categories')}
        </Title>
        <Button size="sm" variant="default" onClick={() => setEditing('new')}>
          {t('service.kb.newCategory')}
        </Button>
      </Group>
      {content}
      {editing && <CategoryModal category={editing} nextPosition={list.length} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('service.kb.deleteCategoryTitle')}
        body={t('service.kb.deleteCategoryBody', { name: removing?.nameEn ?? '' })}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}

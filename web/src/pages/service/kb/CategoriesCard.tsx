import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconFolder } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../components/crm/notify';
import { RecordsCard } from '../RecordsCard';
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
  const categories = useKbCategories();
  const count = categories.data?.data.length ?? 0;
  return (
    <RecordsCard<KbCategory>
      mb="lg"
      title={t('service.kb.categories')}
      newLabel={t('service.kb.newCategory')}
      newVariant="default"
      query={categories}
      order={(a, b) => a.position - b.position}
      empty={{ icon: IconFolder, title: t('service.kb.noCategories') }}
      columns={[
        { label: t('service.kb.nameEn'), cell: (c) => c.nameEn, strong: true },
        { label: t('service.kb.nameId'), cell: (c) => c.nameId },
        {
          label: t('service.kb.slug'),
          cell: (c) => (
            <Text ff="monospace" fz="xs">
              {c.slug}
            </Text>
          ),
        },
      ]}
      remove={(id) => serviceApi.kbCategories.remove(id)}
      invalidates={key('kb-categories')}
      deleteTitle={t('service.kb.deleteCategoryTitle')}
      deleteBody={(c) => t('service.kb.deleteCategoryBody', { name: c.nameEn })}
      editor={(category, onClose) => <CategoryModal category={category} nextPosition={count} onClose={onClose} />}
    />
  );
}

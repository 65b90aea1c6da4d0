import { ActionIcon, Button, Checkbox, Group, Modal, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { crmApi } from '../../pages/crm/api/endpoints';
import { useCrmKey, useSavedViews } from '../../pages/crm/api/queries';
import type { CrmObject, Filter, SavedView, Sort } from '../../pages/crm/api/types';
import { ConfirmModal } from '../ConfirmModal';
import { notify } from './notify';

interface Props {
  object: CrmObject;
  activeId: string | null;
  current: { filters: Filter[]; sort: Sort | null; columns: string[] };
  onApply: (view: SavedView | null) => void;
}

/** Pick a saved view, save the current filters, sort and columns as one, or delete the active one. */
export function SavedViews({ object, activeId, current, onApply }: Props) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const views = useSavedViews(object);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const list = views.data?.data ?? [];
  const active = list.find((v) => v.id === activeId) ?? null;

  const refresh = () => queryClient.invalidateQueries({ queryKey: key('views', object) });
  const create = useMutation({
    mutationFn: () => crmApi.createView({ object, name: name.trim(), shared, ...current }),
    onSuccess: async (view) => {
      await refresh();
      setSaving(false);
      setName('');
      onApply(view);
      notify({ message: t('crm.views.saved', { name: view.name }) });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => crmApi.removeView(id),
    onSuccess: async () => {
      setDeleting(false);
      onApply(null);
      await refresh();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const nameError = fieldErrors(create.error).name ?? (create.isError ? errorMessage(t, create.error) : null);

  return (
    <Group gap={4} wrap="nowrap">
      <Select
        aria-label={t('crm.views.label')}
        placeholder={t('crm.views.all')}
        w={200}
        data={list.map((v) => ({ value: v.id, label: v.name }))}
        value={activeId}
        clearable
        onChange={(id) => onApply(list.find((v) => v.id === id) ?? null)}
      />
      <Tooltip label={t('crm.views.save')}>
        <ActionIcon variant="default" size="lg" aria-label={t('crm.views.save')} onClick={() => setSaving(true)}>
          <IconDeviceFloppy size={18} aria-hidden="true" />
        </ActionIcon>
      </Tooltip>
      {active ? (
        <Tooltip label={t('crm.views.delete', { name: active.name })}>
          <ActionIcon
            variant="default"
            size="lg"
            color="red"
            aria-label={t('crm.views.delete', { name: active.name })}
            onClick={() => setDeleting(true)}
          >
            <IconTrash size={18} aria-hidden="true" />
          </ActionIcon>
        </Tooltip>
      ) : null}
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('crm.views.save')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('crm.views.name')}
              required
              data-autofocus
              value={name}
              error={nameError}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Checkbox
              label={t('crm.views.shared')}
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                {t('crm.views.saveButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmModal
        opened={deleting}
        title={t('crm.views.deleteTitle')}
        body={t('crm.views.deleteBody', { name: active?.name ?? '' })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => active && remove.mutate(active.id)}
        onClose={() => setDeleting(false)}
      />
    </Group>
  );
}

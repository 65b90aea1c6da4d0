import {
  Button,
  Card,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconMessage2 } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { serviceApi, useServiceKey, type CannedResponse } from '../api';
import { useCanned } from '../hooks';

function CannedModal({ item, onClose }: { item: CannedResponse | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const [title, setTitle] = useState(item === 'new' ? '' : item.title);
  const [body, setBody] = useState(item === 'new' ? '' : item.body);
  const [shortcut, setShortcut] = useState(item === 'new' ? '' : (item.shortcut ?? ''));
  const save = useMutation({
    mutationFn: () => {
      const input = { title: title.trim(), body, shortcut: shortcut.trim() || null };
      return item === 'new' ? serviceApi.canned.create(input) : serviceApi.canned.update(item.id, input);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('canned') });
      notify({ color: 'brand', message: t('service.settings.saved') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={item === 'new' ? t('service.canned.new') : t('service.canned.edit')}
      size="lg"
    >
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim() && body.trim()) save.mutate();
        }}
      >
        <TextInput
          label={t('service.canned.name')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          data-autofocus
        />
        <TextInput
          label={t('service.canned.shortcut')}
          value={shortcut}
          onChange={(e) => setShortcut(e.currentTarget.value)}
          maxLength={40}
        />
        <Textarea
          label={t('service.canned.body')}
          description={t('service.canned.variables')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={5}
          required
        />
        <Text fz="xs">
          <Code>{'{{requester.name}}'}</Code> <Code>{'{{ticket.number}}'}</Code> <Code>{'{{ticket.subject}}'}</Code>{' '}
          <Code>{'{{agent.name}}'}</Code>
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!title.trim() || !body.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CannedCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const canned = useCanned();
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [removing, setRemoving] = useState<CannedResponse | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => serviceApi.canned.remove(id),
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: key('canned') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  let content;
  if (canned.isPending) content = <SectionLoader />;
  else if (canned.isError) content = <QueryError error={canned.error} onRetry={() => void canned.refetch()} />;
  else if (canned.data.data.length === 0)
    content = (
      <EmptyState compact icon={IconMessage2} title={t('service.canned.empty')} body={t('service.canned.emptyBody')} />
    );
  else
    content = (
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('service.canned.name')}</Table.Th>
            <Table.Th>{t('service.canned.shortcut')}</Table.Th>
            <Table.Th>{t('service.canned.body')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('service.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {canned.data.data.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td fw={600}>{c.title}</Table.Td>
              <Table.Td>{c.shortcut ? <Code>/{c.shortcut}</Code> : '—'}</Table.Td>
              <Table.Td maw={380}>
                <Text fz="sm" lineClamp={2}>
                  {c.body}
                </Text>
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
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {t('service.canned.title')}
        </Title>
        <Button size="sm" onClick={() => setEditing('new')}>
          {t('service.canned.new')}
        </Button>
      </Group>
      {content}
      {editing && <CannedModal item={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('service.canned.deleteTitle')}
        body={t('service.canned.deleteBody', { name: removing?.title ?? '' })}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}

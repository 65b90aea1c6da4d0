import { Button, Code, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconMessage2 } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../components/crm/notify';
import { RecordsCard } from '../RecordsCard';
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
  return (
    <RecordsCard<CannedResponse>
      title={t('service.canned.title')}
      newLabel={t('service.canned.new')}
      query={useCanned()}
      empty={{ icon: IconMessage2, title: t('service.canned.empty'), body: t('service.canned.emptyBody') }}
      columns={[
        { label: t('service.canned.name'), cell: (c) => c.title, strong: true },
        { label: t('service.canned.shortcut'), cell: (c) => (c.shortcut ? <Code>/{c.shortcut}</Code> : '—') },
        {
          label: t('service.canned.body'),
          cell: (c) => (
            <Text fz="sm" lineClamp={2} maw={380}>
              {c.body}
            </Text>
          ),
        },
      ]}
      remove={(id) => serviceApi.canned.remove(id)}
      invalidates={key('canned')}
      deleteTitle={t('service.canned.deleteTitle')}
      deleteBody={(c) => t('service.canned.deleteBody', { name: c.title })}
      editor={(item, onClose) => <CannedModal item={item} onClose={onClose} />}
    />
  );
}

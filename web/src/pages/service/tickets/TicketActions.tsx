import { Alert, Button, Group, Menu, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowMerge, IconDots, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { notify } from '../../../components/crm/notify';
import { errorMessage } from '../../../lib/errors';
import { PRIVACY_TYPES, serviceApi, useServiceKey, type PrivacyType, type TicketDetail } from '../api';

function MergeModal({ ticket, opened, onClose }: { ticket: TicketDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(q.trim().replace(/^#/, ''), 250);
  const found = useQuery({
    queryKey: key('merge-search', debounced),
    queryFn: () => serviceApi.tickets({ view: 'all', q: debounced }, null, 10),
    enabled: opened && debounced.length > 0,
  });
  const candidates = (found.data?.data ?? []).filter((x) => x.id !== ticket.id && !x.mergedIntoId);
  const merge = useMutation({
    mutationFn: (into: string) => serviceApi.merge(ticket.id, into),
    onSuccess: async (into) => {
      notify({ color: 'brand', message: t('service.merge.done', { number: into.number }) });
      await client.invalidateQueries({ queryKey: key('tickets') });
      onClose();
      void navigate(`/service/tickets/${into.id}`);
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={opened}
      onClose={onClose}
      title={t('service.merge.title', { number: ticket.number })}
    >
      <Stack gap="sm">
        <Text fz="sm">{t('service.merge.help')}</Text>
        <TextInput
          label={t('service.merge.search')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setTarget(null);
          }}
          data-autofocus
        />
        {debounced && found.isSuccess && candidates.length === 0 && (
          <Text fz="sm" c="dimmed">
            {t('service.merge.none')}
          </Text>
        )}
        {candidates.length > 0 && (
          <Radio.Group value={target} onChange={setTarget} label={t('service.merge.into')}>
            <Stack gap={6} mt={4}>
              {candidates.map((c) => (
                <Radio key={c.id} value={c.id} label={`#${c.number} · ${c.subject}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red.9"
            disabled={!target}
            loading={merge.isPending}
            onClick={() => target && merge.mutate(target)}
          >
            {t('service.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PrivacyModal({ ticket, opened, onClose }: { ticket: TicketDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<PrivacyType>('access');
  const [created, setCreated] = useState<string | null>(null);
  const raise = useMutation({
    mutationFn: () => serviceApi.privacyRequest(ticket.id, type),
    onSuccess: (r) => setCreated(r.id),
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={opened}
      onClose={close}
      title={t('service.privacy.title')}
    >
      <Stack gap="sm">
        <Text fz="sm">{t('service.privacy.help', { email: ticket.requester.email })}</Text>
        <Select
          label={t('service.privacy.type')}
          data={PRIVACY_TYPES.map((p) => ({ value: p, label: t(`service.privacy.types.${p}`) }))}
          value={type}
          onChange={(v) => setType(PRIVACY_TYPES.find((p) => p === v) ?? 'access')}
          allowDeselect={false}
        />
        {created && (
          <Alert color="teal" role="status">
            {t('service.privacy.created')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {created ? t('common.close') : t('common.cancel')}
          </Button>
          {!created && (
            <Button loading={raise.isPending} onClick={() => raise.mutate()}>
              {t('service.privacy.raise')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

export function TicketActions({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'merge' | 'privacy' | null>(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconDots size={16} aria-hidden="true" />}>
            {t('service.ticket.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconArrowMerge size={16} aria-hidden="true" />}
            onClick={() => setOpen('merge')}
            disabled={ticket.mergedIntoId !== null}
          >
            {t('service.merge.action')}
          </Menu.Item>
          <Menu.Item leftSection={<IconShieldLock size={16} aria-hidden="true" />} onClick={() => setOpen('privacy')}>
            {t('service.privacy.action')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <MergeModal ticket={ticket} opened={open === 'merge'} onClose={() => setOpen(null)} />
      <PrivacyModal ticket={ticket} opened={open === 'privacy'} onClose={() => setOpen(null)} />
    </>
  );
}

import { Badge, Button, Group, Modal, NumberInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../components/crm/notify';
import { RecordsCard } from '../RecordsCard';
import { errorMessage } from '../../../lib/errors';
import { PRIORITIES, serviceApi, useServiceKey, type SlaPolicy } from '../api';
import { useCalendars } from './CalendarsCard';

const DEFAULT_TARGETS: SlaPolicy['targets'] = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 120, resolutionMinutes: 480 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 1440 },
  low: { firstResponseMinutes: 960, resolutionMinutes: 2880 },
};

function hoursLabel(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

function PolicyModal({ policy, onClose }: { policy: SlaPolicy | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const calendars = useCalendars();
  const start = policy === 'new' ? null : policy;
  const [name, setName] = useState(start?.name ?? '');
  const [calendarId, setCalendarId] = useState<string | null>(start?.calendarId ?? null);
  const [targets, setTargets] = useState(start?.targets ?? DEFAULT_TARGETS);
  const [warn, setWarn] = useState(start?.warnBeforeMinutes ?? 60);
  const [isDefault, setIsDefault] = useState(start?.isDefault ?? true);
  const save = useMutation({
    mutationFn: () => {
      const input = { name: name.trim(), calendarId: calendarId ?? '', targets, warnBeforeMinutes: warn, isDefault };
      return start ? serviceApi.policies.update(start.id, input) : serviceApi.policies.create(input);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('policies') });
      notify({ color: 'brand', message: t('service.settings.saved') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const setTarget = (
    p: (typeof PRIORITIES)[number],
    field: 'firstResponseMinutes' | 'resolutionMinutes',
    v: number | string,
  ) => setTargets((prev) => ({ ...prev, [p]: { ...prev[p], [field]: typeof v === 'number' ? v : 0 } }));
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={start ? t('service.policies.edit') : t('service.policies.new')}
      size="lg"
    >
      <Stack
        gap="md"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && calendarId) save.mutate();
        }}
      >
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={t('service.policies.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          <Select
            label={t('service.policies.calendar')}
            data={(calendars.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={setCalendarId}
            required
            description={calendars.data?.data.length === 0 ? t('service.policies.needCalendar') : undefined}
          />
        </Group>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('service.columns.priority')}</Table.Th>
              <Table.Th>{t('service.policies.firstResponse')}</Table.Th>
              <Table.Th>{t('service.policies.resolution')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITIES.map((p) => (
              <Table.Tr key={p}>
                <Table.Td>{t(`service.priority.${p}`)}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${t('service.policies.firstResponse')} · ${t(`service.priority.${p}`)}`}
                    min={1}
                    value={targets[p].firstResponseMinutes}
                    onChange={(v) => setTarget(p, 'firstResponseMinutes', v)}
                    w={130}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${t('service.policies.resolution')} · ${t(`service.priority.${p}`)}`}
                    min={1}
                    value={targets[p].resolutionMinutes}
                    onChange={(v) => setTarget(p, 'resolutionMinutes', v)}
                    w={130}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fz="xs" c="dimmed">
          {t('service.policies.minutesHelp')}
        </Text>
        <NumberInput
          label={t('service.policies.warn')}
          min={0}
          value={warn}
          onChange={(v) => setWarn(typeof v === 'number' ? v : 0)}
          w={240}
        />
        <Switch
          label={t('service.policies.default')}
          checked={isDefault}
          onChange={(e) => setIsDefault(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || !calendarId}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PoliciesCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const policies = useQuery({ queryKey: key('policies'), queryFn: serviceApi.policies.list });
  const calendars = useCalendars();
  const defaults = useMutation({
    mutationFn: serviceApi.slaDefaults,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('policies') });
      await client.invalidateQueries({ queryKey: key('calendars') });
      notify({ color: 'brand', message: t('service.settings.saved') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const calendarName = (id: string) => calendars.data?.data.find((c) => c.id === id)?.name ?? '—';
  return (
    <RecordsCard<SlaPolicy>
      title={t('service.policies.title')}
      newLabel={t('service.policies.new')}
      query={policies}
      empty={{
        icon: IconClockHour4,
        title: t('service.policies.empty'),
        body: t('service.policies.emptyBody'),
        action: (
          <Button variant="default" onClick={() => defaults.mutate()} loading={defaults.isPending}>
            {t('service.policies.useDefaults')}
          </Button>
        ),
      }}
      minWidth={640}
      columns={[
        {
          label: t('service.policies.name'),
          cell: (p) => (
            <Group gap="xs">
              <Text fz="sm" fw={600}>
                {p.name}
              </Text>
              {p.isDefault && (
                <Badge variant="light" color="blue" c="blue.9" radius="sm">
                  {t('service.policies.isDefault')}
                </Badge>
              )}
            </Group>
          ),
        },
        { label: t('service.policies.calendar'), cell: (p) => calendarName(p.calendarId) },
        {
          label: t('service.policies.targets'),
          cell: (p) => (
            <Text fz="xs">
              {PRIORITIES.map(
                (pr) =>
                  `${t(`service.priority.${pr}`)} ${hoursLabel(p.targets[pr].firstResponseMinutes)} / ${hoursLabel(p.targets[pr].resolutionMinutes)}`,
              ).join(' · ')}
            </Text>
          ),
        },
      ]}
      remove={(id) => serviceApi.policies.remove(id)}
      invalidates={key('policies')}
      deleteTitle={t('service.policies.deleteTitle')}
      deleteBody={(p) => t('service.policies.deleteBody', { name: p.name })}
      editor={(policy, onClose) => <PolicyModal policy={policy} onClose={onClose} />}
    />
  );
}

import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../components/crm/notify';
import { errorMessage } from '../../../lib/errors';
import { WEEKDAYS, serviceApi, useServiceKey, type Calendar, type WeeklyHours } from '../api';

const OFFICE: WeeklyHours = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sat: [],
  sun: [],
};

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Jakarta', 'UTC'];
}

/** Opening hours per weekday (one span a day), time zone, public holidays and the workspace's own days off. */
export function CalendarModal({ calendar, onClose }: { calendar: Calendar | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const start = calendar === 'new' ? null : calendar;
  const [name, setName] = useState(start?.name ?? '');
  const [timeZone, setTimeZone] = useState(start?.timeZone ?? 'Asia/Jakarta');
  const [hours, setHours] = useState<WeeklyHours>(start?.hours ?? OFFICE);
  const [regions, setRegions] = useState<string[]>(start?.holidayRegions ?? ['ID']);
  const [extra, setExtra] = useState(start?.extraHolidays ?? []);
  const [newDate, setNewDate] = useState('');
  const [newName, setNewName] = useState('');
  const zones = useMemo(timeZones, []);

  const save = useMutation({
    mutationFn: () => {
      const input = {
        name: name.trim(),
        timeZone,
        hours,
        holidayRegions: regions.filter((r): r is 'ID' | 'US' => r === 'ID' || r === 'US'),
        extraHolidays: extra,
      };
      return start ? serviceApi.calendars.update(start.id, input) : serviceApi.calendars.create(input);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('calendars') });
      notify({ color: 'brand', message: t('service.settings.saved') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  const setDay = (day: (typeof WEEKDAYS)[number], span: [string, string] | null) =>
    setHours((prev) => ({ ...prev, [day]: span ? [span] : [] }));

  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={start ? t('service.calendars.edit') : t('service.calendars.new')}
      size="lg"
    >
      <Stack
        gap="md"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={t('service.calendars.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          <Select
            label={t('service.calendars.timeZone')}
            data={zones}
            value={timeZone}
            onChange={(v) => v && setTimeZone(v)}
            searchable
            allowDeselect={false}
          />
        </Group>
        <Title order={3} fz="sm">
          {t('service.calendars.hours')}
        </Title>
        <Table verticalSpacing={4}>
          <Table.Tbody>
            {WEEKDAYS.map((day) => {
              const span = hours[day][0] ?? null;
              const dayName = t(`service.calendars.days.${day}`);
              return (
                <Table.Tr key={day}>
                  <Table.Td w={160}>
                    <Checkbox
                      label={dayName}
                      checked={span !== null}
                      onChange={(e) => setDay(day, e.currentTarget.checked ? ['09:00', '17:00'] : null)}
                    />
                  </Table.Td>
                  <Table.Td>
                    {span ? (
                      <Group gap="xs" wrap="nowrap">
                        <TextInput
                          type="time"
                          aria-label={t('service.calendars.opens', { day: dayName })}
                          value={span[0]}
                          onChange={(e) => setDay(day, [e.currentTarget.value, span[1]])}
                          w={120}
                        />
                        <Text fz="sm">–</Text>
                        <TextInput
                          type="time"
                          aria-label={t('service.calendars.closes', { day: dayName })}
                          value={span[1]}
                          onChange={(e) => setDay(day, [span[0], e.currentTarget.value])}
                          w={120}
                        />
                      </Group>
                    ) : (
                      <Text fz="sm" c="dimmed">
                        {t('service.calendars.closed')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Checkbox.Group
          label={t('service.calendars.regions')}
          description={t('service.calendars.regionsHelp')}
          value={regions}
          onChange={setRegions}
        >
          <Group mt={6}>
            <Checkbox value="ID" label={t('service.calendars.regionID')} />
            <Checkbox value="US" label={t('service.calendars.regionUS')} />
          </Group>
        </Checkbox.Group>
        <Title order={3} fz="sm">
          {t('service.calendars.extra')}
        </Title>
        {extra.map((h) => (
          <Group key={h.date} gap="xs">
            <Text fz="sm" ff="monospace">
              {h.date}
            </Text>
            <Text fz="sm">{h.name}</Text>
            <ActionIcon
              variant="subtle"
              color="red.9"
              aria-label={t('service.calendars.removeHoliday', { name: h.name })}
              onClick={() => setExtra((prev) => prev.filter((x) => x.date !== h.date))}
            >
              <IconTrash size={16} aria-hidden="true" />
            </ActionIcon>
          </Group>
        ))}
        <Group align="flex-end" gap="xs">
          <TextInput
            type="date"
            label={t('service.calendars.date')}
            value={newDate}
            onChange={(e) => setNewDate(e.currentTarget.value)}
          />
          <TextInput
            label={t('service.calendars.holidayName')}
            value={newName}
            onChange={(e) => setNewName(e.currentTarget.value)}
          />
          <Button
            variant="default"
            disabled={!newDate || !newName.trim() || extra.some((x) => x.date === newDate)}
            onClick={() => {
              setExtra((prev) =>
                [...prev, { date: newDate, name: newName.trim() }].sort((a, b) => a.date.localeCompare(b.date)),
              );
              setNewDate('');
              setNewName('');
            }}
          >
            {t('service.calendars.addHoliday')}
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

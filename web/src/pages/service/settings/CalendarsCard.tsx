import { Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCalendarTime } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { WEEKDAYS, serviceApi, useServiceKey, type Calendar, type Weekday } from '../api';
import { CalendarModal } from './CalendarModal';

export function useCalendars() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('calendars'), queryFn: serviceApi.calendars.list });
}

export function CalendarsCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<Calendar | 'new' | null>(null);
  const [removing, setRemoving] = useState<Calendar | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => serviceApi.calendars.remove(id),
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: key('calendars') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  // Consecutive days with the same hours read as one range: "Mon–Fri 09:00–17:00".
  const summary = (c: Calendar) => {
    const runs: { from: string; to: string; hours: string }[] = [];
    for (const d of WEEKDAYS) {
      const hours = c.hours[d].map((s) => s.join('–')).join(', ');
      const last = runs[runs.length - 1];
      if (last && last.hours === hours) last.to = d;
      else runs.push({ from: d, to: d, hours });
    }
    const day = (d: string) => t(`service.calendars.daysShort.${d as Weekday}`);
    return runs
      .filter((r) => r.hours)
      .map((r) => `${r.from === r.to ? day(r.from) : `${day(r.from)}–${day(r.to)}`} ${r.hours}`)
      .join(' · ');
  };
  let content;
  if (calendars.isPending) content = <SectionLoader />;
  else if (calendars.isError) content = <QueryError error={calendars.error} onRetry={() => void calendars.refetch()} />;
  else if (calendars.data.data.length === 0)
    content = (
      <EmptyState
        compact
        icon={IconCalendarTime}
        title={t('service.calendars.empty')}
        body={t('service.calendars.emptyBody')}
      />
    );
  else
    content = (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('service.calendars.name')}</Table.Th>
              <Table.Th>{t('service.calendars.timeZone')}</Table.Th>
              <Table.Th>{t('service.calendars.hours')}</Table.Th>
              <Table.Th>{t('service.calendars.regions')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('service.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {calendars.data.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={600}>{c.name}</Table.Td>
                <Table.Td>{c.timeZone}</Table.Td>
                <Table.Td>
                  <Text fz="xs">{summary(c)}</Text>
                </Table.Td>
                <Table.Td>
                  {[...c.holidayRegions, ...(c.extraHolidays.length ? [`+${c.extraHolidays.length}`] : [])].join(
                    ', ',
                  ) || '—'}
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
      </Table.ScrollContainer>
    );
  return (
    <Card withBorder mt="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {t('service.calendars.title')}
        </Title>
        <Button size="sm" onClick={() => setEditing('new')}>
          {t('service.calendars.new')}
        </Button>
      </Group>
      {content}
      {editing && <CalendarModal calendar={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('service.calendars.deleteTitle')}
        body={t('service.calendars.deleteBody', { name: removing?.name ?? '' })}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}

import { Text } from '@mantine/core';
import { IconCalendarTime } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RecordsCard } from '../RecordsCard';
import { WEEKDAYS, serviceApi, useServiceKey, type Calendar, type Weekday } from '../api';
import { CalendarModal } from './CalendarModal';

export function useCalendars() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('calendars'), queryFn: serviceApi.calendars.list });
}

export function CalendarsCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
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
  return (
    <RecordsCard<Calendar>
      mt="lg"
      title={t('service.calendars.title')}
      newLabel={t('service.calendars.new')}
      query={useCalendars()}
      empty={{ icon: IconCalendarTime, title: t('service.calendars.empty'), body: t('service.calendars.emptyBody') }}
      minWidth={640}
      columns={[
        { label: t('service.calendars.name'), cell: (c) => c.name, strong: true },
        { label: t('service.calendars.timeZone'), cell: (c) => c.timeZone },
        { label: t('service.calendars.hours'), cell: (c) => <Text fz="xs">{summary(c)}</Text> },
        {
          label: t('service.calendars.regions'),
          cell: (c) =>
            [...c.holidayRegions, ...(c.extraHolidays.length ? [`+${c.extraHolidays.length}`] : [])].join(', ') || '—',
        },
      ]}
      remove={(id) => serviceApi.calendars.remove(id)}
      invalidates={key('calendars')}
      deleteTitle={t('service.calendars.deleteTitle')}
      deleteBody={(c) => t('service.calendars.deleteBody', { name: c.name })}
      editor={(calendar, onClose) => <CalendarModal calendar={calendar} onClose={onClose} />}
    />
  );
}

import { Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2 d 4 h", "5 h 12 min", "3 min": two units at most, so the column stays narrow. */
export function formatSpan(t: TFunction, ms: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) {
    const parts = [t('privacy.countdown.days', { count: days })];
    if (hours > 0) parts.push(t('privacy.countdown.hours', { count: hours }));
    return parts.join(' ');
  }
  if (hours > 0) {
    const parts = [t('privacy.countdown.hours', { count: hours })];
    if (minutes > 0) parts.push(t('privacy.countdown.minutes', { count: minutes }));
    return parts.join(' ');
  }
  return t('privacy.countdown.minutes', { count: Math.max(minutes, abs > 0 ? 1 : 0) });
}

/** One shared clock per mounted list, ticking each 30 s: minutes are the finest unit shown. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({
  dueAt,
  closed,
  now,
  size = 'sm',
}: {
  dueAt: string;
  closed: boolean;
  now: number;
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation();
  if (closed) {
    return (
      <Text fz={size} c="dimmed" component="span">
        {t('privacy.countdown.done')}
      </Text>
    );
  }
  const left = new Date(dueAt).getTime() - now;
  if (Number.isNaN(left)) return <Text component="span">—</Text>;
  const overdue = left <= 0;
  return (
    <Text
      fz={size}
      fw={overdue ? 700 : 500}
      c={overdue ? 'red.8' : left < DAY ? 'orange.9' : undefined}
      component="span"
      data-testid="countdown"
      data-overdue={overdue ? 'true' : 'false'}
    >
      {overdue
        ? t('privacy.countdown.overdue', { time: formatSpan(t, left) })
        : t('privacy.countdown.left', { time: formatSpan(t, left) })}
    </Text>
  );
}

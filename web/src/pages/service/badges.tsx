import { Badge, Text } from '@mantine/core';
import { IconClockPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Ticket, TicketPriority, TicketStatus } from './api';

/* Shade 9 text on the light tint keeps every chip above 4.5:1 contrast. */
const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'indigo',
  open: 'red',
  pending: 'blue',
  on_hold: 'grape',
  solved: 'cyan',
  closed: 'gray',
};
/** Sentence case and no shrinking: a chip in a narrow table cell stays readable instead of "PEN…". */
const CHIP = { radius: 'sm', tt: 'none', fz: 'xs', style: { flexShrink: 0 } } as const;
const PRIORITY_COLORS: Record<TicketPriority, string> = { low: 'gray', normal: 'blue', high: 'pink', urgent: 'red' };

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  const color = STATUS_COLORS[status];
  return (
    <Badge variant="light" color={color} c={`${color}.9`} {...CHIP}>
      {t(`service.status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  const color = PRIORITY_COLORS[priority];
  return (
    <Badge
      variant={priority === 'urgent' ? 'filled' : 'light'}
      color={priority === 'urgent' ? 'red.9' : color}
      c={priority === 'urgent' ? 'white' : `${color}.9`}
      {...CHIP}
    >
      {t(`service.priority.${priority}`)}
    </Badge>
  );
}

/** "2 h 15 min", "3 d 4 h": two units are enough to judge urgency. */
export function formatSpan(t: TFunction, ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t('service.sla.spanDays', { d: days, h: hours });
  if (hours > 0) return t('service.sla.spanHours', { h: hours, m: mins });
  return t('service.sla.spanMinutes', { m: mins });
}

export type SlaState =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'met' }
  | { kind: 'due'; target: 'firstResponse' | 'resolution'; ms: number }
  | { kind: 'overdue'; target: 'firstResponse' | 'resolution'; ms: number };

/** The target that matters now: the first response until it is given, then the resolution. */
export function slaState(ticket: Pick<Ticket, 'status' | 'sla'>, now = Date.now()): SlaState {
  const { sla } = ticket;
  if (!sla.policyId && !sla.firstResponseDueAt && !sla.resolutionDueAt) return { kind: 'none' };
  if (ticket.status === 'solved' || ticket.status === 'closed') {
    return sla.resolutionBreachedAt || sla.firstResponseBreachedAt ? { kind: 'none' } : { kind: 'met' };
  }
  if (sla.paused) return { kind: 'paused' };
  const target = sla.firstRespondedAt ? 'resolution' : 'firstResponse';
  const due = target === 'firstResponse' ? sla.firstResponseDueAt : sla.resolutionDueAt;
  const breached = target === 'firstResponse' ? sla.firstResponseBreachedAt : sla.resolutionBreachedAt;
  if (!due) return { kind: 'none' };
  const ms = Date.parse(due) - now;
  if (breached || ms < 0) return { kind: 'overdue', target, ms };
  return { kind: 'due', target, ms };
}

export function SlaBadge({ ticket }: { ticket: Pick<Ticket, 'status' | 'sla'> }) {
  const { t } = useTranslation();
  const state = slaState(ticket);
  switch (state.kind) {
    case 'none':
      return (
        <Text fz="xs" c="dimmed">
          —
        </Text>
      );
    case 'met':
      return (
        <Badge variant="light" color="cyan" c="cyan.9" {...CHIP}>
          {t('service.sla.met')}
        </Badge>
      );
    case 'paused':
      return (
        <Badge
          variant="light"
          color="gray"
          c="gray.8"
          {...CHIP}
          leftSection={<IconClockPause size={12} aria-hidden="true" />}
        >
          {t('service.sla.paused')}
        </Badge>
      );
    case 'overdue':
      return (
        <Badge variant="filled" color="red.9" {...CHIP} data-testid="sla-overdue">
          {t('service.sla.overdue', { span: formatSpan(t, state.ms) })}
        </Badge>
      );
    case 'due':
      return (
        <Badge
          variant="light"
          color={state.ms < 3_600_000 ? 'red' : 'blue'}
          c={state.ms < 3_600_000 ? 'red.9' : 'blue.9'}
          {...CHIP}
        >
          {t('service.sla.left', { span: formatSpan(t, state.ms) })} · {t(`service.sla.short.${state.target}`)}
        </Badge>
      );
  }
}

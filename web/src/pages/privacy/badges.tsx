import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from './api';

const TYPE_COLORS: Record<RequestType, string> = {
  access: 'blue',
  portability: 'cyan',
  correction: 'grape',
  deletion: 'red',
  restriction: 'orange',
  withdraw_consent: 'pink',
  opt_out_sale: 'violet',
};

const STATUS_COLORS: Record<(typeof REQUEST_STATUSES)[number], string> = {
  unverified: 'gray',
  open: 'blue',
  processing: 'yellow',
  completed: 'green',
  rejected: 'red',
  expired: 'gray',
};

/** Shade-9 text passes contrast on a light badge for most hues; these pale ones need near-black. */
const PALE = ['green', 'yellow', 'orange', 'lime', 'teal', 'cyan'];

export function badgeText(color: string): string {
  return PALE.includes(color) ? 'dark.7' : `${color}.9`;
}

function isType(value: string): value is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(value);
}

function isStatus(value: string): value is (typeof REQUEST_STATUSES)[number] {
  return (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** Light badges with a dark text shade, so the contrast passes on white (axe). */
export function TypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  const color = isType(type) ? TYPE_COLORS[type] : 'gray';
  return (
    <Badge variant="light" color={color} c={badgeText(color)} size="sm" style={{ flexShrink: 0, maxWidth: 'none' }}>
      {isType(type) ? t(`privacy.typesShort.${type}`) : type}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  const color = isStatus(status) ? STATUS_COLORS[status] : 'gray';
  return (
    <Badge variant="light" color={color} c={badgeText(color)} size="sm" style={{ flexShrink: 0, maxWidth: 'none' }}>
      {isStatus(status) ? t(`privacy.statuses.${status}`) : status}
    </Badge>
  );
}

export function isClosed(status: RequestStatus): boolean {
  return status === 'completed' || status === 'rejected' || status === 'expired';
}

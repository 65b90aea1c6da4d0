import { ActionIcon, Anchor, Avatar, Card, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { IconArrowsMove, IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../components/crm/money';
import { useRecordName } from '../../components/crm/RecordSelect';
import { useFormatters } from '../../lib/format';
import { useMemberDirectory } from '../crm/api/queries';
import type { Deal, Stage } from '../crm/api/types';

interface Props {
  deal: Deal;
  stages: Stage[];
  onMove?: (deal: Deal, stageId: string) => void;
  overlay?: boolean;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('');
}

/** The card's content; shared by the card in its column and the copy that follows the pointer. */
export function DealCardBody({ deal, stages, onMove }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const company = useRecordName('company', deal.companyId);
  const owner = name(deal.ownerId);
  const overdue =
    deal.status === 'open' &&
    deal.expectedCloseDate !== null &&
    deal.expectedCloseDate < new Date().toISOString().slice(0, 10);
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Anchor
          component={Link}
          to={`/deals/${deal.id}`}
          fw={600}
          fz="sm"
          lh={1.3}
          c="var(--mantine-color-text)"
          style={{ minWidth: 0 }}
        >
          {deal.name}
        </Anchor>
        {onMove ? (
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray.7"
                size="sm"
                aria-label={t('sales.board.moveDeal', { name: deal.name })}
              >
                <IconArrowsMove size={14} aria-hidden="true" />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('sales.board.moveTo')}</Menu.Label>
              {stages.map((stage) => (
                <Menu.Item key={stage.id} disabled={stage.id === deal.stageId} onClick={() => onMove(deal, stage.id)}>
                  {stage.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {company ? (
        <Text fz="xs" c="dimmed" truncate>
          {company}
        </Text>
      ) : null}
      <Text fw={700} fz="md" data-testid="deal-amount">
        {formatMoney(deal.amount, deal.currency)}
      </Text>
      <Group justify="space-between" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <IconCalendar
            size={14}
            aria-hidden="true"
            color={overdue ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-dimmed)'}
          />
          <Text fz="xs" c={overdue ? 'red.9' : 'dimmed'}>
            {deal.expectedCloseDate ? format.date(deal.expectedCloseDate) : t('sales.board.noCloseDate')}
          </Text>
        </Group>
        {owner ? (
          <Tooltip label={owner}>
            <Avatar
              size={24}
              radius="xl"
              color="brand"
              variant="filled"
              aria-label={t('sales.board.ownedBy', { name: owner })}
              role="img"
            >
              {initials(owner)}
            </Avatar>
          </Tooltip>
        ) : null}
      </Group>
    </Stack>
  );
}

/**
 * A draggable deal. The whole card follows the pointer; keyboard and screen-reader users move it
 * with the "Move to" menu instead, so the card itself stays a plain container around its link.
 */
export function DealCard({ deal, stages, onMove }: Props) {
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  return (
    <Card
      ref={setNodeRef}
      {...listeners}
      padding="sm"
      radius="md"
      shadow="xs"
      data-deal-id={deal.id}
      style={{ cursor: 'grab', opacity: isDragging ? 0.4 : 1, touchAction: 'none' }}
    >
      <DealCardBody deal={deal} stages={stages} onMove={onMove} />
    </Card>
  );
}

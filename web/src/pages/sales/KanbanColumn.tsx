import { ActionIcon, Badge, Box, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatMoney, totalsByCurrency } from '../../components/crm/money';
import type { Deal, Stage } from '../crm/api/types';
import { DealCard } from './DealCard';

const KIND_COLOR: Record<string, string> = { won: 'teal', lost: 'red', open: 'brand' };

interface Props {
  stage: Stage;
  stages: Stage[];
  deals: Deal[];
  canWrite: boolean;
  onAdd: (stageId: string) => void;
  onMove: (deal: Deal, stageId: string) => void;
}

export function KanbanColumn({ stage, stages, deals, canWrite, onAdd, onMove }: Props) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const totals = totalsByCurrency(deals);
  const headingId = `stage-${stage.id}`;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      data-stage-id={stage.id}
      w={280}
      miw={280}
      p="sm"
      radius="lg"
      bg={isOver ? 'brand.0' : 'gray.1'}
      style={{
        display: 'flex',
        flexDirection: 'column',
        borderTop: `3px solid var(--mantine-color-${KIND_COLOR[stage.kind] ?? 'brand'}-6)`,
        outline: isOver ? '2px dashed var(--mantine-color-brand-5)' : undefined,
        transition: 'background-color 120ms ease',
      }}
    >
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text component="h2" id={headingId} fw={700} fz="sm" truncate m={0}>
            {stage.name}
          </Text>
          <Badge size="sm" variant="white" color="dark" data-testid="stage-count">
            {deals.length}
          </Badge>
        </Group>
        {canWrite ? (
          <Tooltip label={t('sales.board.addTo', { stage: stage.name })}>
            <ActionIcon
              variant="subtle"
              color="gray.7"
              size="sm"
              aria-label={t('sales.board.addTo', { stage: stage.name })}
              onClick={() => onAdd(stage.id)}
            >
              <IconPlus size={16} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Box mb="sm" mih={20}>
        {totals.length === 0 ? (
          <Text fz="xs" c="dimmed">
            {t('sales.board.probability', { value: stage.probability })}
          </Text>
        ) : (
          <Text fz="xs" c="dimmed" fw={600} data-testid="stage-total">
            {totals.map(([currency, amount]) => formatMoney(amount, currency)).join(' · ')}
          </Text>
        )}
      </Box>
      <Stack ref={setNodeRef} gap="xs" mih={120} style={{ flex: 1 }} data-testid="stage-drop">
        {deals.map((deal) => (
          <DealCard key={deal.id} deal={deal} stages={stages} onMove={canWrite ? onMove : undefined} />
        ))}
        {deals.length === 0 ? (
          <Box
            p="md"
            ta="center"
            style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-md)' }}
          >
            <Text fz="xs" c="dimmed">
              {t('sales.board.emptyColumn')}
            </Text>
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}

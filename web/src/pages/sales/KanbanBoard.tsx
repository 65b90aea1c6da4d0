import { Card, Group, ScrollArea, Skeleton, Stack } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/Loaders';
import type { Deal, Pipeline } from '../crm/api/types';
import { DealCardBody } from './DealCard';
import { KanbanColumn } from './KanbanColumn';
import { useBoard, useMoveDeal } from './useBoard';

function BoardSkeleton() {
  return (
    <Group align="flex-start" wrap="nowrap" gap="md" aria-hidden="true">
      {[0, 1, 2, 3].map((i) => (
        <Stack key={i} w={280} gap="xs">
          <Skeleton height={24} width="60%" />
          <Skeleton height={96} radius="md" />
          <Skeleton height={96} radius="md" />
        </Stack>
      ))}
    </Group>
  );
}

interface Props {
  pipeline: Pipeline;
  canWrite: boolean;
  onAdd: (stageId: string) => void;
}

/** One column per stage; dragging a card to another column moves the deal to that stage. */
export function KanbanBoard({ pipeline, canWrite, onAdd }: Props) {
  const { t } = useTranslation();
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const board = useBoard(pipeline.id);
  const move = useMoveDeal(pipeline.id, stages);
  const [active, setActive] = useState<Deal | null>(null);
  // A few pixels of travel before a drag starts, so clicking the deal's link still opens it.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  if (board.isPending) return <BoardSkeleton />;
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  const deals = board.data;

  const nameOf = (id: string | number) => deals.find((d) => d.id === id)?.name ?? '';
  const stageName = (id: string | number) => stages.find((s) => s.id === id)?.name ?? '';
  const moveDeal = (deal: Deal, stageId: string) => {
    if (deal.stageId !== stageId) move.mutate({ deal, stageId });
  };
  const onDragStart = (event: DragStartEvent) => {
    setActive(deals.find((d) => d.id === event.active.id) ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const deal = deals.find((d) => d.id === event.active.id);
    if (deal && event.over && canWrite) moveDeal(deal, String(event.over.id));
  };

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        screenReaderInstructions: { draggable: t('sales.board.dragInstructions') },
        announcements: {
          onDragStart: ({ active: a }) => t('sales.board.announce.start', { name: nameOf(a.id) }),
          onDragOver: ({ active: a, over }) =>
            over ? t('sales.board.announce.over', { name: nameOf(a.id), stage: stageName(over.id) }) : undefined,
          onDragEnd: ({ active: a, over }) =>
            over
              ? t('sales.board.announce.end', { name: nameOf(a.id), stage: stageName(over.id) })
              : t('sales.board.announce.cancel', { name: nameOf(a.id) }),
          onDragCancel: ({ active: a }) => t('sales.board.announce.cancel', { name: nameOf(a.id) }),
        },
      }}
    >
      <ScrollArea type="auto" offsetScrollbars scrollbarSize={10}>
        <Group align="stretch" wrap="nowrap" gap="md" pb="md" mih={420}>
          {stages.map((stage) => (
            <KanbanColumn
              key={stage.id}
              stage={stage}
              stages={stages}
              deals={deals.filter((d) => d.stageId === stage.id)}
              canWrite={canWrite}
              onAdd={onAdd}
              onMove={moveDeal}
            />
          ))}
        </Group>
      </ScrollArea>
      <DragOverlay dropAnimation={null}>
        {active ? (
          <Card padding="sm" radius="md" shadow="lg" w={256} style={{ cursor: 'grabbing', transform: 'rotate(2deg)' }}>
            <DealCardBody deal={active} stages={stages} />
          </Card>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

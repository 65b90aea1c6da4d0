import { Card, Group, Skeleton, Stack, Text, ThemeIcon, Timeline as MantineTimeline, Title } from '@mantine/core';
import {
  IconArrowsJoin,
  IconArrowRight,
  IconCheck,
  IconHistory,
  IconPencil,
  IconPlus,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { crmApi } from '../../pages/crm/api/endpoints';
import { useCrmKey, useCustomFields, useMemberDirectory } from '../../pages/crm/api/queries';
import type { CrmObject, Stage, TimelineEntry } from '../../pages/crm/api/types';
import { QueryError } from '../Loaders';
import { ACTIVITY_ICONS, ActivityDetails, TaskCheckbox } from './ActivityItem';
import { EmptyState } from './EmptyState';
import { TimelineChanges } from './TimelineChanges';

const EVENT_ICONS: Record<string, Icon> = {
  created: IconPlus,
  updated: IconPencil,
  deleted: IconTrash,
  merged: IconArrowsJoin,
  stage_changed: IconArrowRight,
  task_completed: IconCheck,
};

const EVENT_KINDS = ['created', 'updated', 'deleted', 'merged', 'stage_changed', 'task_completed'] as const;
type EventKind = (typeof EVENT_KINDS)[number];

function isEventKind(kind: string): kind is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(kind);
}

function useActorName() {
  const { t } = useTranslation();
  const { name } = useMemberDirectory();
  return (actor: TimelineEntry['actor']) => {
    if (actor.type === 'user') return name(actor.id) ?? t('crm.timeline.someone');
    if (actor.type === 'api_key') return t('crm.timeline.apiKey');
    return t('crm.timeline.system');
  };
}

interface Props {
  objectType: CrmObject;
  objectId: string;
  readOnly?: boolean;
  stages?: Stage[];
}

/** Activities and field changes of a record, newest first. */
export function Timeline({ objectType, objectId, readOnly = false, stages = [] }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const key = useCrmKey();
  const actorName = useActorName();
  const customFields = useCustomFields(objectType);
  const timeline = useQuery({
    queryKey: key('timeline', objectType, objectId),
    queryFn: () => crmApi.timeline(objectType, objectId),
  });
  const context = { customFields: customFields.data?.data ?? [], stages };

  let content;
  if (timeline.isPending) {
    content = (
      <Stack gap="lg" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <Group key={i} wrap="nowrap" align="flex-start">
            <Skeleton circle height={28} />
            <Stack gap={6} style={{ flex: 1 }}>
              <Skeleton height={12} width="40%" />
              <Skeleton height={10} width="70%" />
            </Stack>
          </Group>
        ))}
      </Stack>
    );
  } else if (timeline.isError) {
    content = <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} />;
  } else if (timeline.data.data.length === 0) {
    content = <EmptyState compact icon={IconHistory} title={t('crm.timeline.empty')} />;
  } else {
    content = (
      <MantineTimeline bulletSize={30} lineWidth={2}>
        {timeline.data.data.map((entry) => {
          const activity = entry.activity;
          const EntryIcon = activity ? ACTIVITY_ICONS[activity.type] : (EVENT_ICONS[entry.kind] ?? IconHistory);
          const title = activity
            ? t(`crm.activityTypes.${activity.type}`)
            : isEventKind(entry.kind)
              ? t(`crm.timeline.kinds.${entry.kind}`)
              : entry.kind;
          return (
            <MantineTimeline.Item
              key={entry.id}
              bullet={
                <ThemeIcon size={30} radius="xl" variant="light" color={activity ? 'brand' : 'gray'}>
                  <EntryIcon size={16} aria-hidden="true" />
                </ThemeIcon>
              }
            >
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Text fz="xs" c="dimmed">
                    <Text span inherit fz="sm" fw={600} c="var(--mantine-color-text)">
                      {title}
                    </Text>{' '}
                    · {actorName(entry.actor)} · {format.dateTime(entry.at)}
                  </Text>
                  {activity ? <ActivityDetails activity={activity} /> : null}
                  {entry.changes && entry.kind !== 'merged' ? (
                    <TimelineChanges changes={entry.changes} context={context} />
                  ) : null}
                </Stack>
                {activity?.type === 'task' ? <TaskCheckbox activity={activity} disabled={readOnly} /> : null}
              </Group>
            </MantineTimeline.Item>
          );
        })}
      </MantineTimeline>
    );
  }

  return (
    <Card>
      <Title order={2} fz="lg" mb="md">
        {t('crm.timeline.title')}
      </Title>
      {content}
    </Card>
  );
}

import { Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent, IconCheckbox, IconNote, IconPhone, type Icon } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { activitiesApi } from '../../pages/crm/api/endpoints';
import { useCrmKey, useMemberDirectory } from '../../pages/crm/api/queries';
import type { Activity, ActivityType } from '../../pages/crm/api/types';
import { notify } from './notify';

export const ACTIVITY_ICONS: Record<ActivityType, Icon> = {
  note: IconNote,
  task: IconCheckbox,
  call: IconPhone,
  meeting: IconCalendarEvent,
};

export function isOverdue(activity: Activity, now = Date.now()): boolean {
  return activity.type === 'task' && !activity.done && activity.dueAt !== null && Date.parse(activity.dueAt) < now;
}

/** Ticks a task done (or open again) and refreshes every list and timeline that shows it. */
export function useToggleDone() {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (activity: Activity) => activitiesApi.update(activity.id, { done: !activity.done }),
    onSuccess: async (updated) => {
      notify({ message: updated.done ? t('crm.activities.markedDone') : t('crm.activities.reopened') });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: key('timeline') }),
        queryClient.invalidateQueries({ queryKey: key('activities') }),
      ]);
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
}

export function TaskCheckbox({ activity, disabled }: { activity: Activity; disabled?: boolean }) {
  const { t } = useTranslation();
  const toggle = useToggleDone();
  return (
    <Checkbox
      checked={toggle.isPending ? !activity.done : activity.done}
      disabled={disabled || toggle.isPending}
      onChange={() => toggle.mutate(activity)}
      aria-label={t('crm.activities.doneFor', { subject: activity.subject })}
      radius="xl"
      size="md"
    />
  );
}

/** Subject, body and the details that matter for the activity's type. */
export function ActivityDetails({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const overdue = isOverdue(activity);
  const assignee = name(activity.assigneeId);
  return (
    <Stack gap={4}>
      <Text fw={600} fz="sm" td={activity.done ? 'line-through' : undefined} c={activity.done ? 'dimmed' : undefined}>
        {activity.subject}
      </Text>
      {activity.body ? (
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {activity.body}
        </Text>
      ) : null}
      <Group gap="xs">
        {activity.dueAt ? (
          <Badge size="sm" variant={overdue ? 'filled' : 'outline'} color={overdue ? 'red.9' : 'gray.7'}>
            {overdue
              ? t('crm.activities.overdue', { date: format.dateTime(activity.dueAt) })
              : t('crm.activities.due', { date: format.dateTime(activity.dueAt) })}
          </Badge>
        ) : null}
        {assignee ? (
          <Badge size="sm" variant="outline" color="gray.7">
            {t('crm.activities.assignedTo', { name: assignee })}
          </Badge>
        ) : null}
        {activity.durationMinutes ? (
          <Badge size="sm" variant="outline" color="gray.7">
            {t('crm.activities.minutes', { count: activity.durationMinutes })}
          </Badge>
        ) : null}
        {activity.outcome ? (
          <Badge size="sm" variant="outline" color="teal.9">
            {activity.outcome}
          </Badge>
        ) : null}
      </Group>
    </Stack>
  );
}

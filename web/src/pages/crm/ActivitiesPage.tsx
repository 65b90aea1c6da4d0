import { Anchor, Badge, Card, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/queries';
import { isOverdue, TaskCheckbox } from '../../components/crm/ActivityItem';
import { EmptyState } from '../../components/crm/EmptyState';
import { useRecordName } from '../../components/crm/RecordSelect';
import { QueryError } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { useFormatters } from '../../lib/format';
import { activitiesApi } from './api/endpoints';
import { useCanWrite, useCrmKey, useMemberDirectory } from './api/queries';
import type { Activity } from './api/types';

function LinkedRecord({ activity }: { activity: Activity }) {
  const object = activity.contactId ? 'contact' : activity.companyId ? 'company' : activity.dealId ? 'deal' : null;
  const id = activity.contactId ?? activity.companyId ?? activity.dealId;
  const name = useRecordName(object ?? 'contact', object ? id : null);
  if (!object || !id) return null;
  const base = { contact: '/contacts', company: '/companies', deal: '/deals' }[object];
  return (
    <Anchor component={Link} to={`${base}/${id}`} fz="xs">
      {name ?? '…'}
    </Anchor>
  );
}

function TaskRow({ task, readOnly, showAssignee }: { task: Activity; readOnly: boolean; showAssignee: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const overdue = isOverdue(task);
  return (
    <Group wrap="nowrap" align="flex-start" gap="md" py="sm" data-testid="task-row" data-overdue={overdue || undefined}>
      <TaskCheckbox activity={task} disabled={readOnly} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600} fz="sm" c={overdue ? 'red.9' : undefined}>
          {task.subject}
        </Text>
        <Group gap="xs">
          <LinkedRecord activity={task} />
          {showAssignee && task.assigneeId ? (
            <Text fz="xs" c="dimmed">
              {name(task.assigneeId)}
            </Text>
          ) : null}
        </Group>
      </Stack>
      {task.dueAt ? (
        <Badge variant={overdue ? 'filled' : 'outline'} color={overdue ? 'red.9' : 'gray.7'} size="md">
          {overdue ? t('crm.activities.overdue', { date: format.dateTime(task.dueAt) }) : format.dateTime(task.dueAt)}
        </Badge>
      ) : (
        <Text fz="xs" c="dimmed">
          {t('crm.activities.noDueDate')}
        </Text>
      )}
    </Group>
  );
}

export function ActivitiesPage() {
  const { t } = useTranslation();
  const key = useCrmKey();
  const me = useMe();
  const canWrite = useCanWrite();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const userId = me.data?.user.id;
  const tasks = useQuery({
    queryKey: key('activities', 'openTasks', scope, userId),
    queryFn: () => activitiesApi.list({ type: 'task', open: true, assigneeId: scope === 'mine' ? userId : undefined }),
    enabled: Boolean(userId),
  });
  const list = [...(tasks.data?.data ?? [])].sort(
    (a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity),
  );
  const overdue = list.filter((task) => isOverdue(task));
  const upcoming = list.filter((task) => !isOverdue(task));

  let content;
  if (tasks.isPending) {
    content = (
      <Stack gap="md" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    );
  } else if (tasks.isError) {
    content = <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />;
  } else if (list.length === 0) {
    content = (
      <EmptyState icon={IconChecklist} title={t('crm.activities.allDone')} body={t('crm.activities.allDoneBody')} />
    );
  } else {
    const section = (title: string, items: Activity[], color?: string) =>
      items.length > 0 ? (
        <Stack gap={0}>
          <Title order={2} fz="sm" tt="uppercase" c={color ?? 'dimmed'} lts={0.5} mb={4}>
            {title} · {items.length}
          </Title>
          {items.map((task) => (
            <TaskRow key={task.id} task={task} readOnly={!canWrite} showAssignee={scope === 'all'} />
          ))}
        </Stack>
      ) : null;
    content = (
      <Stack gap="xl">
        {section(t('crm.activities.overdueSection'), overdue, 'red.9')}
        {section(t('crm.activities.upcomingSection'), upcoming)}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={t('crm.activities.title')}
        subtitle={t('crm.activities.subtitle')}
        actions={
          <SegmentedControl
            aria-label={t('crm.activities.scope')}
            value={scope}
            onChange={(v) => setScope(v === 'all' ? 'all' : 'mine')}
            data={[
              { value: 'mine', label: t('crm.activities.mine') },
              { value: 'all', label: t('crm.activities.everyone') },
            ]}
          />
        }
      />
      <Card>{content}</Card>
    </>
  );
}

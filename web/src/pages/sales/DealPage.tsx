import { Badge, Button, Drawer, Grid, Group, Select, Stack } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ActivityComposer } from '../../components/crm/ActivityComposer';
import { formatMoney } from '../../components/crm/money';
import { RecordHeader } from '../../components/crm/RecordHeader';
import { Timeline } from '../../components/crm/Timeline';
import { QueryError } from '../../components/Loaders';
import { errorMessage } from '../../lib/errors';
import { dealsApi } from '../crm/api/endpoints';
import { useCanWrite, useCrmKey, usePipelines } from '../crm/api/queries';
import { RecordPageSkeleton } from '../crm/RecordPageSkeleton';
import { DealForm } from './DealForm';
import { DealDetails, StageHistory } from './DealSidebar';
import { notify } from '../../components/crm/notify';

const STATUS_COLOR = { open: 'blue.9', won: 'teal.9', lost: 'red.9' } as const;

export function DealPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const key = useCrmKey();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const pipelines = usePipelines();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const deal = useQuery({ queryKey: key('deal', 'record', id), queryFn: () => dealsApi.get(id) });
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: key('deal') }),
      queryClient.invalidateQueries({ queryKey: key('timeline') }),
      queryClient.invalidateQueries({ queryKey: key('dashboard') }),
    ]);
  };
  const move = useMutation({
    mutationFn: (stageId: string) => dealsApi.move(id, stageId),
    onSuccess: async (moved) => {
      queryClient.setQueryData(key('deal', 'record', id), moved);
      notify({ message: t('sales.board.moved', { name: moved.name, stage: moved.stageName }) });
      await refresh();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const remove = useMutation({
    mutationFn: () => dealsApi.remove(id),
    onSuccess: async () => {
      notify({ message: t('sales.deals.deleted') });
      await refresh();
      await navigate('/deals');
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  if (deal.isPending) return <RecordPageSkeleton />;
  if (deal.isError) return <QueryError error={deal.error} onRetry={() => void deal.refetch()} />;
  const record = deal.data;
  const pipeline = pipelines.data?.data.find((p) => p.id === record.pipelineId);
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);

  return (
    <>
      <RecordHeader
        title={record.name}
        subtitle={`${formatMoney(record.amount, record.currency)} · ${pipeline?.name ?? ''}`}
        back={{ to: '/deals', label: t('sales.deals.title') }}
        avatarColor="violet"
        badges={
          <Badge variant="outline" color={STATUS_COLOR[record.status]} size="md">
            {t(`sales.status.${record.status}`)}
          </Badge>
        }
        actions={
          <Group gap="sm">
            <Select
              aria-label={t('sales.fields.stage')}
              data={stages.map((s) => ({ value: s.id, label: s.name }))}
              value={record.stageId}
              allowDeselect={false}
              disabled={!canWrite || move.isPending}
              onChange={(v) => v && v !== record.stageId && move.mutate(v)}
              w={190}
            />
            {canWrite ? (
              <>
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} aria-hidden="true" />}
                  onClick={() => setEditing(true)}
                >
                  {t('crm.edit')}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden="true" />}
                  onClick={() => setDeleting(true)}
                >
                  {t('crm.delete')}
                </Button>
              </>
            ) : null}
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <DealDetails deal={record} />
            <StageHistory deal={record} stages={stages} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {canWrite ? <ActivityComposer link={{ dealId: record.id }} /> : null}
            <Timeline objectType="deal" objectId={record.id} readOnly={!canWrite} stages={stages} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('sales.deals.edit')}
        position="right"
        size="lg"
      >
        <DealForm
          deal={record}
          submitLabel={t('common.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const updated = await dealsApi.update(record.id, input);
            queryClient.setQueryData(key('deal', 'record', id), updated);
            await refresh();
            notify({ message: t('common.saved') });
            setEditing(false);
          }}
        />
      </Drawer>
      <ConfirmModal
        opened={deleting}
        title={t('sales.deals.deleteTitle')}
        body={t('sales.deals.deleteBody', { name: record.name })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}

import { Alert, Button, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { errorMessage } from '../../../lib/errors';
import { Kpi } from '../../sales/ChartCard';
import { downloadFile, importsApi } from '../api/files';
import { useCrmKey } from '../api/queries';
import type { ImportStatus } from '../api/jobTypes';
import type { ImportObject } from '../api/types';
import { notify } from '../../../components/crm/notify';

const FINAL: ImportStatus['status'][] = ['completed', 'failed', 'undone'];

export function ProgressStep({ importId, object }: { importId: string; object: ImportObject }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const status = useQuery({
    queryKey: key('import', importId),
    queryFn: () => importsApi.status(importId),
    // Once a second until the job settles; again while an undo runs.
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return 1000;
      if (undoing) return data.status === 'undone' ? false : 1000;
      return FINAL.includes(data.status) ? false : 1000;
    },
  });
  const undo = useMutation({
    mutationFn: () => importsApi.undo(importId),
    onSuccess: () => {
      setConfirmUndo(false);
      setUndoing(true);
      void status.refetch();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const data = status.data;
  const done = data?.status === 'completed';
  const settledStatus = data && FINAL.includes(data.status) ? data.status : null;
  const listKey = key(object);
  useEffect(() => {
    // The list behind the wizard is stale once rows were written or removed.
    if (settledStatus) void queryClient.invalidateQueries({ queryKey: listKey });
  }, [settledStatus]);
  const percent =
    done || data?.status === 'undone'
      ? 100
      : data && data.total > 0
        ? Math.round((data.processed / data.total) * 100)
        : 0;
  const list = object === 'contact' ? '/contacts' : '/companies';

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} fz="lg">
            {done
              ? t('crm.import.completed')
              : data?.status === 'undone'
                ? t('crm.import.undone')
                : t('crm.import.running')}
          </Title>
          <Text fz="sm" c="dimmed" aria-live="polite" data-testid="import-progress-text">
            {t('crm.import.progress', { processed: data?.processed ?? 0, total: data?.total ?? 0, percent })}
          </Text>
        </Group>
        <Progress
          value={percent}
          size="xl"
          radius="xl"
          animated={!data || !FINAL.includes(data.status)}
          color={data?.status === 'failed' ? 'red' : 'brand'}
          aria-label={t('crm.import.progressLabel')}
        />
      </Stack>
      {status.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(t, status.error)}
        </Alert>
      ) : null}
      {data?.status === 'failed' ? (
        <Alert color="red" role="alert">
          {t('crm.import.failed')}
        </Alert>
      ) : null}
      {data && FINAL.includes(data.status) ? (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Kpi label={t('crm.import.created')} value={String(data.created)} />
          <Kpi label={t('crm.import.updated')} value={String(data.updated)} />
          <Kpi label={t('crm.import.skipped')} value={String(data.skipped)} />
          <Kpi label={t('crm.import.rejected')} value={String(data.errors)} />
        </SimpleGrid>
      ) : null}
      {done ? (
        <Group gap="sm">
          <Button component={Link} to={list} leftSection={<IconCircleCheck size={16} aria-hidden="true" />}>
            {object === 'contact' ? t('crm.import.viewContacts') : t('crm.import.viewCompanies')}
          </Button>
          {data.errors > 0 ? (
            <Button
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
              onClick={() =>
                void downloadFile(`/api/v1/imports/${encodeURIComponent(importId)}/rejected.csv`, 'rejected.csv').catch(
                  (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) }),
                )
              }
            >
              {t('crm.import.downloadRejected')}
            </Button>
          ) : null}
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconArrowBackUp size={16} aria-hidden="true" />}
            loading={undoing}
            onClick={() => setConfirmUndo(true)}
          >
            {t('crm.import.undo')}
          </Button>
        </Group>
      ) : null}
      <ConfirmModal
        opened={confirmUndo}
        title={t('crm.import.undoTitle')}
        body={t('crm.import.undoBody', { count: data?.created ?? 0 })}
        confirmLabel={t('crm.import.undo')}
        loading={undo.isPending}
        onConfirm={() => undo.mutate()}
        onClose={() => setConfirmUndo(false)}
      />
    </Stack>
  );
}

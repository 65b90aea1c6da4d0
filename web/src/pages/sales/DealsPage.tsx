import { Button, Center, Group, SegmentedControl, Select } from '@mantine/core';
import { IconLayoutKanban, IconList, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/searchParams';
import { EmptyState } from '../../components/crm/EmptyState';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { useCanWrite, usePipelines } from '../crm/api/queries';
import { DealsList } from './DealsList';
import { KanbanBoard } from './KanbanBoard';
import { NewDealModal } from './NewDealModal';

export function DealsPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const pipelines = usePipelines();
  const [params, update] = useUrlParams();
  const [adding, setAdding] = useState<{ stageId?: string } | null>(null);
  const list = pipelines.data?.data ?? [];
  const pipeline = list.find((p) => p.id === params.get('pipeline')) ?? list[0];
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const setParam = (name: string, value: string) => update({ [name]: value });

  let content;
  if (pipelines.isPending) content = <SectionLoader />;
  else if (pipelines.isError) content = <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  else if (!pipeline) content = <EmptyState icon={IconTargetArrow} title={t('sales.deals.noPipeline')} />;
  else if (view === 'list') content = <DealsList pipeline={pipeline} />;
  else content = <KanbanBoard pipeline={pipeline} canWrite={canWrite} onAdd={(stageId) => setAdding({ stageId })} />;

  return (
    <>
      <PageHeader
        title={t('sales.deals.title')}
        subtitle={t('sales.deals.subtitle')}
        actions={
          <Group gap="sm">
            {list.length > 1 && pipeline ? (
              <Select
                aria-label={t('sales.fields.pipeline')}
                data={list.map((p) => ({ value: p.id, label: p.name }))}
                value={pipeline.id}
                allowDeselect={false}
                onChange={(v) => v && setParam('pipeline', v)}
                w={200}
              />
            ) : null}
            <SegmentedControl
              aria-label={t('sales.deals.viewLabel')}
              value={view}
              onChange={(v) => setParam('view', v)}
              data={[
                {
                  value: 'board',
                  label: (
                    <Center style={{ gap: 6 }}>
                      <IconLayoutKanban size={16} aria-hidden="true" />
                      <span>{t('sales.deals.board')}</span>
                    </Center>
                  ),
                },
                {
                  value: 'list',
                  label: (
                    <Center style={{ gap: 6 }}>
                      <IconList size={16} aria-hidden="true" />
                      <span>{t('sales.deals.list')}</span>
                    </Center>
                  ),
                },
              ]}
            />
            {canWrite ? (
              <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setAdding({})}>
                {t('sales.deals.new')}
              </Button>
            ) : null}
          </Group>
        }
      />
      {content}
      {pipeline ? (
        <NewDealModal
          opened={adding !== null}
          onClose={() => setAdding(null)}
          pipelineId={pipeline.id}
          stageId={adding?.stageId}
        />
      ) : null}
    </>
  );
}

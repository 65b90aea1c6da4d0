import { Modal } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dealsApi } from '../crm/api/endpoints';
import { useCrmKey } from '../crm/api/queries';
import { DealForm } from './DealForm';
import { notify } from '../../components/crm/notify';

interface Props {
  opened: boolean;
  onClose: () => void;
  pipelineId?: string;
  stageId?: string;
}

export function NewDealModal({ opened, onClose, pipelineId, stageId }: Props) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.deals.new')} size="lg" centered>
      <DealForm
        key={`${pipelineId ?? ''}:${stageId ?? ''}`}
        defaults={{ pipelineId, stageId }}
        submitLabel={t('sales.deals.create')}
        onCancel={onClose}
        onSubmit={async (input) => {
          const deal = await dealsApi.create(input);
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: key('deal') }),
            queryClient.invalidateQueries({ queryKey: key('dashboard') }),
          ]);
          notify({ message: t('sales.deals.created', { name: deal.name }) });
          onClose();
        }}
      />
    </Modal>
  );
}

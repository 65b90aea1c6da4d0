import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { dealsApi } from '../crm/api/endpoints';
import { useCrmKey } from '../crm/api/queries';
import type { Deal, Stage } from '../crm/api/types';
import { notify } from '../../components/crm/notify';
import { trackFeature } from '../../lib/track';

/** Every deal of a pipeline: a board shows all of them, so pages are followed to the end. */
async function allDeals(pipelineId: string): Promise<Deal[]> {
  const deals: Deal[] = [];
  let cursor: string | undefined;
  do {
    const page = await dealsApi.list(
      { filters: [{ field: 'pipelineId', op: 'eq', value: pipelineId }], sort: { field: 'createdAt', dir: 'desc' } },
      cursor,
      200,
    );
    deals.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && deals.length < 5000);
  return deals;
}

export function useBoardKey(pipelineId: string) {
  const key = useCrmKey();
  return key('deal', 'board', pipelineId);
}

export function useBoard(pipelineId: string) {
  const queryKey = useBoardKey(pipelineId);
  return useQuery({ queryKey, queryFn: () => allDeals(pipelineId), enabled: Boolean(pipelineId) });
}

/**
 * Moves a deal to another stage. The card jumps at once (optimistic); if the server refuses,
 * it goes back to where it was and the reason is shown.
 */
export function useMoveDeal(pipelineId: string, stages: Stage[]) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryKey = useBoardKey(pipelineId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, stageId }: { deal: Deal; stageId: string }) => dealsApi.move(deal.id, stageId),
    onMutate: async ({ deal, stageId }) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<Deal[]>(queryKey);
      const stage = stages.find((s) => s.id === stageId);
      queryClient.setQueryData<Deal[]>(queryKey, (deals = []) =>
        deals.map((d) =>
          d.id === deal.id
            ? { ...d, stageId, stageName: stage?.name ?? d.stageName, probability: stage?.probability ?? d.probability }
            : d,
        ),
      );
      return { previous };
    },
    onError: (error, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
      notify({ color: 'red', title: t('sales.board.moveFailed'), message: errorMessage(t, error) });
    },
    onSuccess: (moved) => {
      trackFeature('sales.deal_move');
      queryClient.setQueryData<Deal[]>(queryKey, (deals = []) => deals.map((d) => (d.id === moved.id ? moved : d)));
      notify({ message: t('sales.board.moved', { name: moved.name, stage: moved.stageName }) });
    },
    onSettled: async (_data, _error, vars) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: key('deal', 'record', vars.deal.id) }),
        queryClient.invalidateQueries({ queryKey: key('dashboard') }),
        queryClient.invalidateQueries({ queryKey: key('timeline') }),
      ]);
    },
  });
}

import { useQuery } from '@tanstack/react-query';
import { useMembers } from '../../../api/queries';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { crmApi } from './endpoints';
import type { CrmObject } from './types';

/** Workspace-scoped keys, so switching workspace never shows another workspace's records. */
export function useCrmKey() {
  const { id } = useCurrentWorkspace();
  return (...parts: unknown[]) => ['ws', id, 'crm', ...parts];
}

export function useCustomFields(object: CrmObject) {
  const key = useCrmKey();
  return useQuery({ queryKey: key('customFields', object), queryFn: () => crmApi.customFields(object) });
}

export function usePipelines() {
  const key = useCrmKey();
  return useQuery({ queryKey: key('pipelines'), queryFn: crmApi.pipelines, staleTime: 5 * 60_000 });
}

export function useSavedViews(object: CrmObject) {
  const key = useCrmKey();
  return useQuery({ queryKey: key('views', object), queryFn: () => crmApi.views(object) });
}

/** Members by user id: owners and assignees are user ids. */
export function useMemberDirectory() {
  const members = useMembers();
  const list = members.data?.data ?? [];
  const byUserId = new Map(list.map((m) => [m.userId, m]));
  return {
    members: list,
    options: list.map((m) => ({ value: m.userId, label: m.name })),
    name: (userId: string | null | undefined) => (userId ? (byUserId.get(userId)?.name ?? null) : null),
  };
}

/** Owners, admins and members write records; viewers and privacy officers only read. */
export function useCanWrite(): boolean {
  const { role } = useCurrentWorkspace();
  return role === 'owner' || role === 'admin' || role === 'member';
}

import { useQuery } from '@tanstack/react-query';
import { account, workspace } from './endpoints';
import { useCurrentWorkspace } from '../lib/workspace';

export const queryKeys = {
  me: ['me'] as const,
  sessions: ['sessions'] as const,
  /** Workspace-scoped data is keyed by workspace so switching refetches instead of showing stale rows. */
  scoped: (workspaceId: string, name: 'workspace' | 'members' | 'invitations' | 'apiKeys') =>
    ['ws', workspaceId, name] as const,
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => account.me() });
}

export function useWorkspaceDetails() {
  const { id } = useCurrentWorkspace();
  return useQuery({ queryKey: queryKeys.scoped(id, 'workspace'), queryFn: workspace.get });
}

export function useMembers(enabled = true) {
  const { id } = useCurrentWorkspace();
  return useQuery({ queryKey: queryKeys.scoped(id, 'members'), queryFn: workspace.members, enabled });
}

export function useInvitations(enabled = true) {
  const { id } = useCurrentWorkspace();
  return useQuery({ queryKey: queryKeys.scoped(id, 'invitations'), queryFn: workspace.invitations, enabled });
}

export function useApiKeys(enabled = true) {
  const { id } = useCurrentWorkspace();
  return useQuery({ queryKey: queryKeys.scoped(id, 'apiKeys'), queryFn: workspace.apiKeys, enabled });
}

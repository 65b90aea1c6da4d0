import { useQuery } from '@tanstack/react-query';
import { account, workspace } from './endpoints';
import { useCurrentWorkspace, useOptionalWorkspace } from '../lib/workspace';

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

/** Also called on pages a user without a workspace sees (the dashboard): then they fetch nothing. */
export function useMembers(enabled = true) {
  const current = useOptionalWorkspace();
  return useQuery({
    queryKey: queryKeys.scoped(current?.id ?? '-', 'members'),
    queryFn: workspace.members,
    enabled: enabled && current !== null,
  });
}

export function useInvitations(enabled = true) {
  const current = useOptionalWorkspace();
  return useQuery({
    queryKey: queryKeys.scoped(current?.id ?? '-', 'invitations'),
    queryFn: workspace.invitations,
    enabled: enabled && current !== null,
  });
}

export function useApiKeys(enabled = true) {
  const current = useOptionalWorkspace();
  return useQuery({
    queryKey: queryKeys.scoped(current?.id ?? '-', 'apiKeys'),
    queryFn: workspace.apiKeys,
    enabled: enabled && current !== null,
  });
}

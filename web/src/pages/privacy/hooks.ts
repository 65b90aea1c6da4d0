import { useQuery } from '@tanstack/react-query';
import { useUrlParams } from '../../lib/searchParams';
import { workspace } from '../../api/endpoints';
import { queryKeys, useMe } from '../../api/queries';
import { useOptionalWorkspace } from '../../lib/workspace';
import { requestsApi, type PrivacyScopeName } from './api';

/** Roles whose permissions include privacy.read (src/modules/workspaces/roles.ts). */
export const PRIVACY_ROLES = ['owner', 'admin', 'privacy_officer'] as const;

export interface PrivacyAccess {
  /** May read requests in the current workspace. */
  workspace: boolean;
  /** A platform operator: may work the platform-scope queue. */
  platform: boolean;
}

export function usePrivacyAccess(): PrivacyAccess {
  const current = useOptionalWorkspace();
  const me = useMe();
  return {
    workspace: current !== null && (PRIVACY_ROLES as readonly string[]).includes(current.role),
    platform: me.data?.user.isPlatformOperator === true,
  };
}

/**
 * The scope lives in the URL (`?scope=platform`), so links from the queue to a request and back keep it.
 * Someone with only one of the two scopes always gets that one.
 */
export function usePrivacyScope(): [PrivacyScopeName, (next: PrivacyScopeName) => void] {
  const access = usePrivacyAccess();
  const [params, update] = useUrlParams();
  const asked = params.get('scope') === 'platform' ? 'platform' : 'workspace';
  let scope: PrivacyScopeName = asked;
  if (asked === 'platform' && !access.platform) scope = 'workspace';
  if (asked === 'workspace' && !access.workspace && access.platform) scope = 'platform';
  const set = (next: PrivacyScopeName) => update({ scope: next === 'platform' ? 'platform' : null, cursor: null });
  return [scope, set];
}

/**
 * Member names by user id in the current workspace. Who can be assigned: members whose role may
 * work privacy requests (workspace scope) or only oneself (platform scope: there is no list of operators).
 */
export function useAssigneeNames(scope: PrivacyScopeName) {
  const current = useOptionalWorkspace();
  const me = useMe();
  const members = useQuery({
    queryKey: queryKeys.scoped(current?.id ?? '-', 'members'),
    queryFn: workspace.members,
    enabled: current !== null,
  });
  // Operators are not workspace members: the server names them.
  const operators = useQuery({
    queryKey: ['privacy', 'officers', 'platform'],
    queryFn: () => requestsApi.officers('platform'),
    enabled: scope === 'platform',
  });
  const list = members.data?.data ?? [];
  const byId = new Map(list.map((m) => [m.userId, m.name]));
  for (const o of operators.data?.data ?? []) byId.set(o.id, o.name);
  const myId = me.data?.user.id;
  if (myId && me.data && !byId.has(myId)) byId.set(myId, me.data.user.name);
  const eligible =
    scope === 'platform'
      ? (operators.data?.data ?? []).map((o) => ({ value: o.id, label: o.name }))
      : list
          .filter((m) => (PRIVACY_ROLES as readonly string[]).includes(m.role))
          .map((m) => ({ value: m.userId, label: m.name }));
  return {
    myId,
    options: eligible,
    name: (id: string | null) => (id ? (byId.get(id) ?? id.slice(0, 8)) : null),
  };
}

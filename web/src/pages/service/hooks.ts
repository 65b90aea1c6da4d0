import { useQuery } from '@tanstack/react-query';
import { useMembers } from '../../api/queries';
import { serviceApi, useServiceKey } from './api';

export function useTeams() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('teams'), queryFn: serviceApi.teams.list });
}

export function useCanned() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('canned'), queryFn: serviceApi.canned.list });
}

export function useServiceSettings() {
  const key = useServiceKey();
  return useQuery({ queryKey: key('settings'), queryFn: serviceApi.settings });
}

/** Workspace members as picker options, keyed by user id (tickets store user ids). */
export function useAgentOptions() {
  const members = useMembers();
  const list = members.data?.data ?? [];
  const options = list.map((m) => ({ value: m.userId, label: m.name || m.email }));
  const nameOf = (userId: string | null) => (userId ? (options.find((o) => o.value === userId)?.label ?? null) : null);
  return { options, nameOf };
}

export function useTeamOptions() {
  const teams = useTeams();
  const list = teams.data?.data ?? [];
  const options = list.map((x) => ({ value: x.id, label: x.name }));
  const nameOf = (id: string | null) => (id ? (options.find((o) => o.value === id)?.label ?? null) : null);
  return { options, nameOf };
}

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Role, WorkspaceSummary } from '../api/types';
import { readStored, STORAGE_KEYS, writeStored } from './storage';

interface CurrentWorkspace {
  id: string;
  name: string;
  role: Role;
  workspaces: WorkspaceSummary[];
  canManage: boolean;
  select: (id: string) => void;
}

const WorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function rememberWorkspace(id: string): void {
  writeStored(STORAGE_KEYS.workspace, id);
}

export function WorkspaceProvider({ workspaces, children }: { workspaces: WorkspaceSummary[]; children: ReactNode }) {
  const [chosen, setChosen] = useState(() => readStored(STORAGE_KEYS.workspace));
  const current = workspaces.find((w) => w.id === chosen) ?? workspaces[0];

  // Written during render, not in an effect: children's queries start in their own effects,
  // which run before this component's, and the API client reads the header from storage.
  if (current && current.id !== chosen) {
    rememberWorkspace(current.id);
    setChosen(current.id);
  }

  const select = useCallback((id: string) => {
    rememberWorkspace(id);
    setChosen(id);
  }, []);

  const value = useMemo<CurrentWorkspace | null>(
    () =>
      current
        ? {
            id: current.id,
            name: current.name,
            role: current.role,
            workspaces,
            canManage: current.role === 'owner' || current.role === 'admin',
            select,
          }
        : null,
    [current, workspaces, select],
  );

  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** Only valid inside the app shell, which renders no workspace pages for a user without one. */
export function useCurrentWorkspace(): CurrentWorkspace {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useCurrentWorkspace used outside a workspace');
  return value;
}

export function useOptionalWorkspace(): CurrentWorkspace | null {
  return useContext(WorkspaceContext);
}

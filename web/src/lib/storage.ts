/** localStorage can throw (privacy mode, disabled storage); the UI must keep working without it. */
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the choice simply lasts for this page load.
  }
}

export const STORAGE_KEYS = {
  workspace: 'kodepos.workspaceId',
  language: 'kodepos.language',
} as const;

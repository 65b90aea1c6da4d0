import { ApiError } from '../../../api/client';
import { readStored, STORAGE_KEYS } from '../../../lib/storage';
import type { DedupeMode, ImportPreview, ImportStatus } from './jobTypes';
import type { ImportObject } from './types';

/**
 * Multipart uploads and file downloads. The JSON client cannot send either, but the workspace
 * must still travel in `X-Workspace-Id`: a bare link would fall back to the user's first workspace.
 */
function workspaceHeaders(): Record<string, string> {
  const workspaceId = readStored(STORAGE_KEYS.workspace);
  return workspaceId ? { 'X-Workspace-Id': workspaceId } : {};
}

async function toError(response: Response): Promise<ApiError> {
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const error = payload.error as { code?: string; message?: string; details?: unknown };
    return new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? '', error.details);
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: { ...workspaceHeaders(), ...init.headers },
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (!response.ok) throw await toError(response);
  return response;
}

export interface ImportRequest {
  file: File;
  object: ImportObject;
  dedupe: DedupeMode;
  /** CSV header → field (or null to ignore the column), over the server's automatic mapping. */
  mapping?: Record<string, string | null>;
}

function importForm(request: ImportRequest, dryRun: boolean): FormData {
  const form = new FormData();
  form.set('object', request.object);
  form.set('dedupe', request.dedupe);
  form.set('dryRun', dryRun ? 'true' : 'false');
  if (request.mapping) form.set('mapping', JSON.stringify(request.mapping));
  form.set('file', request.file, request.file.name);
  return form;
}

export const importsApi = {
  preview: async (request: ImportRequest) =>
    (await (
      await send('/api/v1/imports', { method: 'POST', body: importForm(request, true) })
    ).json()) as ImportPreview,
  start: async (request: ImportRequest) =>
    (await (await send('/api/v1/imports', { method: 'POST', body: importForm(request, false) })).json()) as {
      id: string;
    },
  status: async (importId: string) =>
    (await (await send(`/api/v1/imports/${encodeURIComponent(importId)}`, {})).json()) as ImportStatus,
  undo: async (importId: string) => {
    await send(`/api/v1/imports/${encodeURIComponent(importId)}/undo`, { method: 'POST' });
  },
};

function fileNameFrom(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/** Fetches a file with the workspace header, then hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await send(path, {});
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response, fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

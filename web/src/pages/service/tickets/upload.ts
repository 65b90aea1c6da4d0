import { ApiError } from '../../../api/client';
import { readStored, STORAGE_KEYS } from '../../../lib/storage';
import type { Attachment } from '../api';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** The types the server takes (SERVICE.md); checked here first so a wrong file fails at once. */
export const ACCEPTED_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'message/rfc822',
];

export type UploadProblem = 'too_large' | 'unsupported' | 'message_too_large';

export function checkFile(file: File, alreadyBytes: number): UploadProblem | null {
  if (file.size > MAX_FILE_BYTES) return 'too_large';
  if (alreadyBytes + file.size > MAX_MESSAGE_BYTES) return 'message_too_large';
  const type = file.type || (file.name.toLowerCase().endsWith('.eml') ? 'message/rfc822' : '');
  return ACCEPTED_TYPES.includes(type) ? null : 'unsupported';
}

/** Multipart upload; the JSON client cannot send files, but the workspace header must still travel. */
export async function uploadAttachment(ticketId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.set('file', file, file.name);
  const workspaceId = readStored(STORAGE_KEYS.workspace);
  let response: Response;
  try {
    response = await fetch(`/api/v1/tickets/${encodeURIComponent(ticketId)}/attachments`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: workspaceId ? { 'X-Workspace-Id': workspaceId } : {},
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as Attachment;
  const error =
    typeof payload === 'object' && payload !== null && 'error' in payload
      ? (payload.error as { code?: string; message?: string })
      : {};
  throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? response.statusText);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

import { readStored, STORAGE_KEYS } from '../lib/storage';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    /** Seconds to wait before retrying, from a `Retry-After` header. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GlobalHandlers {
  onUnauthenticated: () => void;
  onTwoFactorRequired: () => void;
}

let handlers: GlobalHandlers = { onUnauthenticated: () => undefined, onTwoFactorRequired: () => undefined };

/** Set once at start-up: the router owns navigation, the client only reports. */
export function setGlobalHandlers(next: GlobalHandlers): void {
  handlers = next;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Public pages expect 401s (wrong password, no session) and handle them themselves. */
  redirectOn401?: boolean;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, redirectOn401 = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const workspaceId = readStored(STORAGE_KEYS.workspace);
  if (workspaceId) headers['X-Workspace-Id'] = workspaceId;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (response.ok) return payload as T;

  const error = isErrorBody(payload)
    ? new ApiError(
        response.status,
        payload.error.code,
        payload.error.message,
        payload.error.details,
        parseRetryAfter(response.headers.get('Retry-After')),
      )
    : new ApiError(
        response.status,
        'http_' + response.status,
        response.statusText,
        undefined,
        parseRetryAfter(response.headers.get('Retry-After')),
      );

  if (error.status === 401 && redirectOn401) handlers.onUnauthenticated();
  if (error.status === 403 && error.code === 'two_factor_required') handlers.onTwoFactorRequired();
  throw error;
}

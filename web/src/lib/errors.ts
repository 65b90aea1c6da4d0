import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

const KNOWN_CODES = [
  'network_error',
  'invalid_credentials',
  'invalid_totp',
  'email_not_verified',
  'too_many_attempts',
  'rate_limited',
  'email_taken',
  'underage',
  'validation_failed',
  'invalid_token',
  'forbidden',
  'not_found',
  'two_factor_required',
  'unauthenticated',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

function isKnown(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code);
}

export function errorCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

export function formatWait(t: TFunction, seconds: number): string {
  return seconds < 90
    ? t('common.duration.seconds', { count: seconds })
    : t('common.duration.minutes', { count: Math.ceil(seconds / 60) });
}

/** A sentence for the person, in their language; the server's English message is the last resort. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('common.errors.unknown', { code: 'client' });
  if ((error.code === 'too_many_attempts' || error.code === 'rate_limited') && error.retryAfter !== null) {
    return t('common.errors.too_many_attempts_retry', { time: formatWait(t, error.retryAfter) });
  }
  if (isKnown(error.code)) return t(`common.errors.${error.code}`);
  return error.message || t('common.errors.unknown', { code: error.code });
}

function messageOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return messageOf(value[0]);
  if (typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string') {
    return value.message;
  }
  return null;
}

/** `body.email`, `/email` and `['body', 'email']` all name the form field `email`. */
function fieldOf(item: object): string | null {
  let raw: string | null = null;
  if ('field' in item && typeof item.field === 'string') raw = item.field;
  else if ('path' in item && typeof item.path === 'string') raw = item.path;
  else if ('path' in item && Array.isArray(item.path)) raw = item.path.join('.');
  return raw === null
    ? null
    : raw
        .replace(/^\//, '')
        .replace(/\//g, '.')
        .replace(/^(body|querystring|params)\./, '');
}

/**
 * Field messages from a `validation_failed` error. The contract only says `details` names each
 * bad field, so the common shapes are all accepted: a list of issues, or a map of field → message(s).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const result: Record<string, string> = {};
  const visit = (details: unknown): void => {
    if (Array.isArray(details)) {
      for (const item of details) {
        if (typeof item !== 'object' || item === null) continue;
        const field = fieldOf(item);
        const message = messageOf(item);
        if (field && message && !(field in result)) result[field] = message;
      }
      return;
    }
    if (typeof details !== 'object' || details === null) return;
    for (const [key, value] of Object.entries(details)) {
      if (key === 'fields' || key === 'issues' || key === 'errors') {
        visit(value);
        continue;
      }
      const message = messageOf(value);
      if (message && !(key in result)) result[key] = message;
    }
  };
  visit(error.details);
  return result;
}

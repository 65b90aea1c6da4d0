import { hmacHex, safeEqual } from '../../lib/crypto.js';

/**
 * Signed links in marketing mail. A token is `<row id>.<HMAC>`: it names one send (or one opt-in
 * confirmation) and only the server can mint it, so the links need no login and cannot be
 * guessed or turned on another recipient. Each kind has its own key derivation, so a tracking
 * token cannot unsubscribe anyone.
 */
export type LinkKind = 'unsubscribe' | 'track' | 'confirm';

const ID = /^[a-z]{2,5}_[0-9A-Za-z]{10,40}$/;

export function signToken(secret: string, kind: LinkKind, id: string): string {
  return `${id}.${hmacHex(secret, `marketing:${kind}:${id}`).slice(0, 32)}`;
}

/** The id inside a valid token, or null. */
export function verifyToken(secret: string, kind: LinkKind, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const id = token.slice(0, dot);
  if (!ID.test(id)) return null;
  return safeEqual(token, signToken(secret, kind, id)) ? id : null;
}

export interface MailLinks {
  unsubscribe: string;
  preferences: string;
}

export function mailLinks(baseUrl: string, secret: string, sendId: string): MailLinks {
  const t = signToken(secret, 'unsubscribe', sendId);
  return { unsubscribe: `${baseUrl}/public/v1/email/unsubscribe/${t}`, preferences: `${baseUrl}/public/v1/email/preferences/${t}` };
}

export function openUrl(baseUrl: string, secret: string, sendId: string): string {
  return `${baseUrl}/public/v1/email/open/${signToken(secret, 'track', sendId)}`;
}

export function clickUrl(baseUrl: string, secret: string, sendId: string, index: number): string {
  return `${baseUrl}/public/v1/email/click/${signToken(secret, 'track', sendId)}/${index}`;
}

export function confirmUrl(baseUrl: string, secret: string, optinId: string): string {
  return `${baseUrl}/public/v1/email/confirm/${signToken(secret, 'confirm', optinId)}`;
}

import { createHash } from 'node:crypto';

/**
 * Email normalisation before hashing: trim and lower-case, nothing else. Meta, LinkedIn and
 * Mailchimp all document exactly that. Gmail's dot and plus rules are not applied: they are
 * Gmail's own, no provider asks for them, and applying them would merge distinct addresses.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** SHA-256 hex of the normalised email: Meta EMAIL_SHA256, LinkedIn SHA256_EMAIL, our processor task ref. */
export function emailSha256(email: string): string {
  return createHash('sha256').update(normaliseEmail(email), 'utf8').digest('hex');
}

/** Mailchimp's subscriber hash: MD5 hex of the lower-cased email. */
export function mailchimpHash(email: string): string {
  return createHash('md5').update(normaliseEmail(email), 'utf8').digest('hex');
}

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function encodeTime(ms: number, len: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < len; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(len: number): string {
  const bytes = randomBytes(len);
  let out = '';
  for (let i = 0; i < len; i++) out += ALPHABET[(bytes[i] ?? 0) % 32];
  return out;
}

/**
 * Opaque, time-sortable id with a type prefix (`usr_01h…`). Sortable ids let cursor
 * pagination order by id alone, on both databases.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  return `${prefix}_${encodeTime(at, 10)}${encodeRandom(16)}`;
}

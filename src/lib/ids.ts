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

// Random bytes are drawn from the OS 4 KiB at a time: one system call per ~250 ids, not per id.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function encodeRandom(len: number): string {
  if (offset + len > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = '';
  // 256 is a multiple of 32, so `byte % 32` stays uniform.
  for (let i = 0; i < len; i++) out += ALPHABET[(pool[offset + i] ?? 0) % 32];
  offset += len;
  return out;
}

/**
 * Opaque, time-sortable id with a type prefix (`usr_01h…`). Sortable ids let cursor
 * pagination order by id alone, on both databases.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  return `${prefix}_${encodeTime(at, 10)}${encodeRandom(16)}`;
}

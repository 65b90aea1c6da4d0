import { describe, expect, it } from 'vitest';
import { hmacHex, randomToken, safeEqual, sha256Hex } from './crypto.js';

describe('crypto helpers', () => {
  it('hashes text and bytes with SHA-256 as lowercase hex (FIPS 180-4 test vectors)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
    // Text is hashed as UTF-8.
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from('é', 'utf8')));
  });

  it('signs with HMAC-SHA-256 (RFC 4231 test case 2)', () => {
    expect(hmacHex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('makes URL-safe random tokens and compares secrets whole', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(safeEqual(a, a)).toBe(true);
    expect(safeEqual(a, `${a}x`)).toBe(false);
    expect(safeEqual(a, a.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
  });
});

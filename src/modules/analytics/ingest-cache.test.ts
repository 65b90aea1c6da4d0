import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { TtlCache } from './ingest-cache.js';
import { visitorHash } from './ingest.js';

describe('the ingestion cache', () => {
  it('forgets an entry once its time to live has passed, by its own clock or the time passed in', () => {
    let now = 1000;
    const c = new TtlCache<string, number>(10, 500, () => now);
    c.set('a', 1);
    expect(c.get('a')).toBe(1);
    now = 1499;
    expect(c.get('a')).toBe(1);
    now = 1500;
    expect(c.get('a')).toBeUndefined();
    c.set('b', 2, 2000);
    expect(c.get('b', 2499)).toBe(2);
    expect(c.get('b', 2500)).toBeUndefined();
  });

  it('holds at most its size and keeps the entries in use', () => {
    const c = new TtlCache<number, number>(10, 60_000, () => 0);
    c.set(0, 0);
    for (let i = 1; i < 100; i++) {
      c.set(i, i);
      // Entry 0 is read all the time, so it survives every turnover.
      expect(c.get(0)).toBe(0);
      expect(c.size).toBeLessThanOrEqual(10);
    }
    expect(c.get(1)).toBeUndefined();
    expect(c.get(99)).toBe(99);
  });

  it('replaces and deletes entries', () => {
    const c = new TtlCache<string, string>(4, 60_000, () => 0);
    c.set('k', 'old');
    for (const k of ['x', 'y', 'z']) c.set(k, k);
    c.set('k', 'new');
    expect(c.get('k')).toBe('new');
    c.delete('k');
    expect(c.get('k')).toBeUndefined();
  });
});

describe('visitorHash', () => {
  const hashOf = (salt: string, ip: string, ua: string, site: string) => sha256Hex(`${salt}\n${ip}\n${ua}\n${site}`);
  it('is the salted digest of address, browser and site, the same from the cache as computed', () => {
    const salt = 'a'.repeat(43);
    const first = visitorHash(salt, '203.0.113.9', 'Firefox', 'platform', 0);
    expect(first).toBe(hashOf(salt, '203.0.113.9', 'Firefox', 'platform'));
    expect(visitorHash(salt, '203.0.113.9', 'Firefox', 'platform', 1000)).toBe(first);
    // Each part of the key counts.
    expect(visitorHash(salt, '203.0.113.10', 'Firefox', 'platform', 1000)).toBe(hashOf(salt, '203.0.113.10', 'Firefox', 'platform'));
    expect(visitorHash(salt, '203.0.113.9', 'Chrome', 'platform', 1000)).toBe(hashOf(salt, '203.0.113.9', 'Chrome', 'platform'));
    expect(visitorHash(salt, '203.0.113.9', 'Firefox', 'wsp_1', 1000)).toBe(hashOf(salt, '203.0.113.9', 'Firefox', 'wsp_1'));
    expect(visitorHash(salt, undefined, 'Firefox', 'platform', 1000)).toBe(hashOf(salt, '', 'Firefox', 'platform'));
  });

  it('starts afresh under a new salt', () => {
    const before = visitorHash('b'.repeat(43), '198.51.100.7', 'Safari', 'platform', 0);
    const after = visitorHash('c'.repeat(43), '198.51.100.7', 'Safari', 'platform', 0);
    expect(after).not.toBe(before);
    expect(after).toBe(hashOf('c'.repeat(43), '198.51.100.7', 'Safari', 'platform'));
  });
});

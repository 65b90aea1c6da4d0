import { describe, expect, it } from 'vitest';
import { TtlCache } from './ingest-cache.js';

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

import { describe, expect, it } from 'vitest';
import { paddedLists, shapedChunks } from './bulk-sql.js';

describe('bulk statement shapes', () => {
  it('chunks every item once, in order, in at most log2(max) + 1 sizes', () => {
    const sizes = new Set<number>();
    for (let n = 0; n <= 1000; n++) {
      const xs = Array.from({ length: n }, (_, i) => i);
      const chunks = shapedChunks(xs, 200);
      expect(chunks.flat()).toEqual(xs);
      for (const c of chunks) sizes.add(c.length);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 200]);
  });

  it('pads in-lists with a value they hold, to a power of two or the maximum', () => {
    expect(paddedLists([], 512)).toEqual([]);
    expect(paddedLists(['a', 'b', 'c'], 512)).toEqual([['a', 'b', 'c', 'a']]);
    const xs = Array.from({ length: 1100 }, (_, i) => `v${i}`);
    const lists = paddedLists(xs, 512);
    expect(lists.map((l) => l.length)).toEqual([512, 512, 128]);
    expect(new Set(lists.flat())).toEqual(new Set(xs));
  });
});

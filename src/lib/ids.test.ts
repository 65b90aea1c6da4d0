import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('is prefixed, sortable by creation time and unique across pool refills', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId('ct', 1_800_000_000_000 + i));
    expect(ids[0]).toMatch(/^ct_[0-9a-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

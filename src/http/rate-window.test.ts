import { describe, expect, it } from 'vitest';
import { addressKey, WindowLimiter } from './rate-window.js';

describe('WindowLimiter', () => {
  it('allows max requests per key in a window, then says how long to wait, and starts again when it ends', () => {
    let t = 1_000_000;
    const l = new WindowLimiter(3, 60_000, () => t);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 0]);
    expect(l.take('a')).toBe(60);
    expect(l.take('b')).toBe(0);
    t += 59_500;
    expect(l.take('a')).toBe(1);
    t += 500;
    expect(l.take('a')).toBe(0);
  });

  it('starts the counts again at maxKeys addresses, so memory stays bounded', () => {
    const l = new WindowLimiter(1, 60_000, () => 0, 3);
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBe(60);
    l.take('b');
    l.take('c');
    expect(l.take('a')).toBe(0);
  });

  it('counts IPv6 clients by their /64 network and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});

import { describe, expect, it } from 'vitest';
import { countryOf } from './geo.js';

describe('country from the offline IP database', () => {
  it('knows well-known public addresses, IPv4 and IPv6, and IPv4 mapped into IPv6', async () => {
    expect(await countryOf('8.8.8.8')).toBe('US');
    expect(await countryOf('1.1.1.1')).toBe('AU');
    expect(await countryOf('::ffff:8.8.8.8')).toBe('US');
    expect(await countryOf('2001:4860:4860::8888')).toBe('US');
  });

  it('has no country for private, loopback, malformed or missing addresses', async () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.0.1', '100.64.1.1', '::ffff:192.168.1.1', '::1', 'fe80::1', 'fd12:3456::1', 'not-an-ip', '', undefined]) {
      expect(await countryOf(ip), String(ip)).toBeNull();
    }
  });
});

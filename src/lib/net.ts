import { isIPv4, isIPv6 } from 'node:net';

/** Drops the host part of an address (IPv4 /24, IPv6 /48) so what is stored no longer names one device. */
export function truncateIp(ip: string | undefined | null): string | null {
  if (!ip) return null;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIPv4(v4)) return v4.split('.').slice(0, 3).join('.') + '.0';
  if (isIPv6(ip)) {
    const full = ip.split('::');
    const head = (full[0] ?? '').split(':').filter(Boolean);
    return [...head, '0', '0', '0'].slice(0, 3).join(':') + '::';
  }
  return null;
}

export function shortUserAgent(ua: string | undefined): string | null {
  return ua ? ua.slice(0, 300) : null;
}

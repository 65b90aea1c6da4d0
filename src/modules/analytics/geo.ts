import { createRequire } from 'node:module';
import { BlockList } from 'node:net';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';

/**
 * Country from an offline IP database: `@ip-location-db/geo-whois-asn-country-mmdb` (package licence
 * CC0-1.0; its data comes from the RIRs' delegation statistics published by the NRO under CC BY 4.0,
 * credited in the README), read with `maxmind` (MIT). No lookup leaves the server, and the address
 * itself is never stored or logged: only the two-letter country code is kept.
 */
/** This database's records carry only a country code, not MaxMind's nested country object. */
type CountryRecord = CountryResponse & { readonly country_code?: string };

const DB_FILE = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

// Loaded on the first event, once per process (about 8 MB): the file never changes while running.
let loading: Promise<Reader<CountryRecord> | null> | undefined;

export function geoReader(onError: (err: unknown) => void = () => undefined): Promise<Reader<CountryRecord> | null> {
  loading ??= maxmind
    .open<CountryRecord>(createRequire(import.meta.url).resolve(DB_FILE))
    .catch((err: unknown) => {
      // Events are still recorded, without a country; the error is reported once.
      onError(err);
      return null;
    });
  return loading;
}

/**
 * Private, shared, loopback and link-local ranges name no country; the database is built from
 * registry data that places some of them (192.168.0.0/16 answers AU), so they are excluded first.
 */
const LOCAL = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) LOCAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10]] as const) LOCAL.addSubnet(net, bits, 'ipv6');

/** ISO 3166-1 alpha-2 code, or null for private, reserved and unknown addresses. */
export function countryIn(reader: Reader<CountryRecord> | null, ip: string | undefined): string | null {
  if (!reader || !ip) return null;
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (!maxmind.validate(addr) || LOCAL.check(addr, addr.includes(':') ? 'ipv6' : 'ipv4')) return null;
  const code = reader.get(addr)?.country_code;
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
}

export async function countryOf(ip: string | undefined): Promise<string | null> {
  return countryIn(await geoReader(), ip);
}

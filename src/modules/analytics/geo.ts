import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';
import { TtlCache } from './ingest-cache.js';

/**
 * Country from an offline IP database: `@ip-location-db/geo-whois-asn-country-mmdb` (package licence
 * CC0-1.0; its data comes from the RIRs' delegation statistics published by the NRO under CC BY 4.0,
 * which asks that the NRO be credited where the data is used), read with `maxmind` (MIT). No lookup leaves the server, and the address
 * itself is never stored or logged: only the two-letter country code is kept.
 */
/** This database's records carry only a country code, not MaxMind's nested country object. */
type CountryRecord = CountryResponse & { readonly country_code?: string };

const DB_FILE = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

// Loaded on the first event, once per process (about 8 MB): the file never changes while running.
let loading: Promise<Reader<CountryRecord> | null> | undefined;
/** The reader once loading has finished (null: it failed), so events after the first need not wait. */
let loaded: Reader<CountryRecord> | null | undefined;

export function geoReader(onError: (err: unknown) => void = () => undefined): Promise<Reader<CountryRecord> | null> {
  loading ??= maxmind
    .open<CountryRecord>(createRequire(import.meta.url).resolve(DB_FILE))
    .catch((err: unknown) => {
      // Events are still recorded, without a country; the error is reported once.
      onError(err);
      return null;
    })
    .then((reader) => (loaded = reader));
  return loading;
}

/** The reader once loading has finished (null: it failed); undefined until then, when geoReader() is the way to wait for it. */
export function loadedGeoReader(): Reader<CountryRecord> | null | undefined {
  return loaded;
}

/**
 * Private, shared, loopback and link-local ranges name no country; the database is built from
 * registry data that places some of them (192.168.0.0/16 answers AU), so they are excluded first.
 * Checked by hand: this runs per event, and BlockList builds an object per check.
 */
function isLocal(ip: string, version: 4 | 6): boolean {
  if (version === 4) {
    const dot1 = ip.indexOf('.');
    const a = Number(ip.slice(0, dot1));
    const b = Number(ip.slice(dot1 + 1, ip.indexOf('.', dot1 + 1)));
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (ip === '::' || ip === '::1') return true;
  const first = ip.startsWith('::') ? 0 : parseInt(ip.slice(0, ip.indexOf(':')), 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

// Heartbeats repeat an address every few seconds: each is looked up once per ten minutes.
const looked = new TtlCache<string, string | null>(10_000, 10 * 60_000);

/** ISO 3166-1 alpha-2 code, or null for private, reserved and unknown addresses. */
export function countryIn(reader: Reader<CountryRecord> | null, ip: string | undefined, at?: number): string | null {
  if (!reader || !ip) return null;
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  let code = looked.get(addr, at);
  if (code !== undefined) return code;
  const version = isIP(addr);
  code = null;
  if ((version === 4 || version === 6) && !isLocal(addr, version)) {
    const found = reader.get(addr)?.country_code;
    if (found && /^[A-Z]{2}$/.test(found)) code = found;
  }
  looked.set(addr, code, at);
  return code;
}

export async function countryOf(ip: string | undefined): Promise<string | null> {
  return countryIn(await geoReader(), ip);
}

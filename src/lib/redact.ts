/**
 * Removes personal data from anything headed for a log line: e-mail addresses, phone numbers,
 * and values under keys that name secrets or identities. Applied to every log record.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 7+ digits with optional separators and a leading +: phone numbers, not ids or timestamps.
const PHONE = /(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g;
// Dates and IP addresses look like digit runs too (a time never matches: `:` is no phone separator).
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const SENSITIVE_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|totp|recovery|email|phone|name|birth|address|ssn|card|body|set-cookie/i;
const SAFE_KEYS = new Set([
  'msg',
  'level',
  'time',
  'pid',
  'hostname',
  'reqId',
  'responseTime',
  'statusCode',
  'method',
  'code',
  'err',
  'type',
  'stack',
  'route',
  'url',
  'remoteAddress',
]);
const MAX_DEPTH = 6;

const isSensitiveKey = (key: string): boolean => key !== '' && SENSITIVE_KEY.test(key) && !SAFE_KEYS.has(key);

function maskPhones(s: string): string {
  return s.replace(PHONE, (m) => {
    if (IPV4.test(m)) return m;
    // A date is kept, but digits run on after it ("2024-05-01 0812 3456 7890") are looked at again.
    const date = DATE_PREFIX.exec(m)?.[0];
    return date ? date + maskPhones(m.slice(date.length)) : '[phone]';
  });
}

export function scrubString(s: string): string {
  return maskPhones(s.replace(EMAIL, '[email]'));
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A URL with its path scrubbed (after %-decoding, so `%40` hides no address) and every query value dropped. */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return scrubString(decoded(url));
  const params = new URLSearchParams(url.slice(q + 1));
  const keys = [...new Set(params.keys())];
  const masked = keys.map((k) => `${encodeURIComponent(scrubString(k))}=[redacted]`).join('&');
  return `${scrubString(decoded(url.slice(0, q)))}?${masked}`;
}

/** An Error as a plain loggable object: its type, code and scrubbed message, stack and cause. */
export function scrubError(err: Error, depth = 0): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  const out: Record<string, unknown> = { type: err.name, message: scrubString(err.message) };
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = scrubString(err.stack);
  if (err.cause !== undefined && depth < MAX_DEPTH)
    out.cause = err.cause instanceof Error ? scrubError(err.cause, depth + 1) : scrub(err.cause, depth + 1);
  return out;
}

/**
 * A copy of `value` safe to log. Strings lose e-mails and phone numbers; any scalar under a
 * sensitive key (also inside arrays under that key) becomes `[redacted]`. Class instances other
 * than errors (requests, replies) are left to the logger's serializers, which pick safe fields.
 */
export function scrub(value: unknown, depth = 0, key = ''): unknown {
  const sensitive = isSensitiveKey(key);
  if (typeof value === 'string') return sensitive ? '[redacted]' : key === 'url' ? scrubUrl(value) : scrubString(value);
  if (typeof value === 'number' || typeof value === 'bigint') return sensitive ? '[redacted]' : value;
  if (!value || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[deep]';
  if (value instanceof Error) return scrubError(value, depth);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, key));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1, k);
  return out;
}

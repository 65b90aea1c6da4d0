/**
 * Removes personal data from anything headed for a log line: e-mail addresses, phone numbers,
 * and values under keys that name secrets or identities. Applied to every log record.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 7+ digits with optional separators and a leading +: phone numbers, not ids or timestamps.
const PHONE = /(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g;
// Dates, times and IP addresses look like digit runs too.
const NOT_PHONE = /^\d{4}-\d{2}-\d{2}|^\d{1,3}(\.\d{1,3}){3}|^\d{1,2}:\d{2}/;
const SENSITIVE_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|totp|recovery|email|phone|name|birth|address|ssn|card|body|set-cookie/i;
const SAFE_KEYS = new Set(['msg', 'level', 'time', 'pid', 'hostname', 'reqId', 'responseTime', 'statusCode', 'method', 'code', 'err', 'type', 'stack', 'route', 'url', 'remoteAddress']);

export function scrubString(s: string): string {
  return s
    .replace(EMAIL, '[email]')
    .replace(PHONE, (m) => (NOT_PHONE.test(m) ? m : '[phone]'));
}

export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return scrubString(url);
  const params = new URLSearchParams(url.slice(q + 1));
  const keys = [...new Set(params.keys())];
  const masked = keys.map((k) => `${encodeURIComponent(k)}=[redacted]`).join('&');
  return `${scrubString(url.slice(0, q))}?${masked}`;
}

export function scrub(value: unknown, depth = 0, key = ''): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') {
    if (key && SENSITIVE_KEY.test(key) && !SAFE_KEYS.has(key)) return '[redacted]';
    return key === 'url' ? scrubUrl(value) : scrubString(value);
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    // Class instances (requests, responses) are left to the logger's serializers, which pick safe fields.
    if (proto !== Object.prototype && proto !== null && !(value instanceof Error)) return value;
    if (value instanceof Error) {
      return { type: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && !SAFE_KEYS.has(k) && typeof v !== 'object' ? '[redacted]' : scrub(v, depth + 1, k);
    }
    return out;
  }
  return value;
}

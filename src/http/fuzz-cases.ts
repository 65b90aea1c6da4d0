/**
 * Test support for `fuzz.test.ts` (imported by no production code): hostile requests for every
 * operation, derived from its JSON schemas, so a route added later is fuzzed without anyone writing
 * a case for it.
 */
import {
  BODY_METHODS,
  fillPath,
  isApiPath,
  isObjectBody,
  MEGABYTE,
  METHODS,
  numberProps,
  oddString,
  stringProps,
  typesOf,
  validObject,
  wrongValue,
  type JsonSchema,
  type Operation,
} from './fuzz-schema.js';

export const CATEGORIES = [
  'malformed_json',
  'array_body',
  'wrong_types',
  'missing_required',
  'huge_strings',
  'odd_unicode',
  'odd_numbers',
  'odd_path_ids',
  'wrong_content_type',
  'wrong_method',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a case must get back, beyond "no 5xx and the error shape" which every case must meet. */
export type Expectation = { status: number; code: string; fields?: string[] } | { anyOf: number[] } | null;

export interface FuzzCase {
  category: Category;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Built when sent: most cases are sampled away, and some carry a megabyte. */
  payload?: string | (() => string);
  expect: Expectation;
}

const HUGE = 'x'.repeat(MEGABYTE - 2048);
const OVER = 'x'.repeat(MEGABYTE + 2048);
const JSON_TYPE = { 'content-type': 'application/json' };
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
// Valid but awkward text: a ZWJ family, an RTL override, emoji beyond the BMP, combining marks.
const AWKWARD = '👩‍👩‍👧\u202Eevil\u202C 🦄 Zoë\u200D\u0301';
const ODD_NUMBERS = ['-1', '1e308', '18446744073709551616', 'NaN', '0x10'];

/** encodeURIComponent, except that a lone surrogate is sent as its (invalid) 3-byte UTF-8 form. */
function encodeLoose(s: string): string {
  let out = '';
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    out +=
      ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff
        ? [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 63), 0x80 | (cu & 63)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(ch);
  }
  return out;
}

const invalid = (fields: string[]): Expectation => ({ status: 400, code: 'validation_failed', fields });

/** Every hostile request for one operation, at least one per category. */
export function casesFor(op: Operation, keys?: string[]): FuzzCase[] {
  const out: FuzzCase[] = [];
  const url = fillPath(op);
  const method = op.method.toUpperCase();
  const body = isObjectBody(op.body) ? op.body : undefined;
  const hasBody = body !== undefined;
  const fresh = (): Record<string, unknown> => (body ? validObject(body, keys) : {});
  const add = (category: Category, label: string, c: Partial<FuzzCase> & { expect: Expectation }) =>
    out.push({ category, label, method, url, headers: {}, ...c });
  const json = (category: Category, label: string, body: unknown, expect: Expectation) =>
    add(category, label, { headers: JSON_TYPE, payload: () => JSON.stringify(body), expect });
  const withQuery = (q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`;

  // Malformed JSON and a JSON array: the parser and the body schema must both answer 400.
  add('malformed_json', 'truncated JSON', {
    headers: JSON_TYPE,
    payload: '{"a":',
    expect: op.body ? { status: 400, code: 'invalid_json' } : null,
  });
  json('array_body', 'array instead of object', [fresh()], hasBody ? invalid(['body']) : null);

  // Wrong types, one property at a time.
  const wrongs = Object.entries(op.body?.properties ?? {}).filter(([, p]) => wrongValue(p) !== undefined);
  for (const [k, p] of wrongs)
    json('wrong_types', `wrong type for ${k}`, { ...fresh(), [k]: wrongValue(p) }, invalid([`body.${k}`]));
  for (const q of op.queryParams.filter((x) => typesOf(x.schema).has('number') && !typesOf(x.schema).has('string'))) {
    add('wrong_types', `string for query ${q.name}`, {
      url: withQuery(`${q.name}=not-a-number`),
      expect: invalid([`querystring.${q.name}`]),
    });
  }
  if (!out.some((c) => c.category === 'wrong_types'))
    json('wrong_types', 'body of the wrong type', 12345, hasBody ? invalid(['body']) : null);

  const required = op.body?.required ?? [];
  json(
    'missing_required',
    'empty object',
    {},
    hasBody && required.length ? invalid(required.map((k) => `body.${k}`)) : null,
  );

  // Long strings: just under the body limit (the schema's maxLength must refuse it), and beyond (413).
  // All "under" cases come before all "over" ones, so a sample of two takes one of each.
  const strings = stringProps(op.body);
  for (const [k, p] of strings) {
    const expect = p.maxLength === undefined ? null : invalid([`body.${k}`]);
    json('huge_strings', `1 MB in ${k}`, { ...fresh(), [k]: HUGE }, expect);
  }
  for (const [k] of strings) {
    json('huge_strings', `over 1 MB in ${k}`, { ...fresh(), [k]: OVER }, { status: 413, code: 'payload_too_large' });
  }
  for (const q of op.queryParams.filter((x) => typesOf(x.schema).has('string'))) {
    add('huge_strings', `1 MB in query ${q.name}`, {
      url: withQuery(`${q.name}=${HUGE}`),
      expect: q.schema.maxLength === undefined ? null : invalid([`querystring.${q.name}`]),
    });
  }
  if (strings.length === 0) {
    // Fastify reads no body on GET, so only body methods must refuse it.
    const expect: Expectation = BODY_METHODS.has(op.method) ? { status: 413, code: 'payload_too_large' } : null;
    add('huge_strings', 'over 1 MB body', {
      headers: JSON_TYPE,
      payload: () => JSON.stringify({ unexpected: OVER }),
      expect,
    });
  }

  // Odd Unicode in every string field: NUL and lone surrogates are refused by name, the rest must not break anything.
  const oddTargets: [string, JsonSchema, 'body' | 'querystring'][] = [
    ...strings.map(([k, p]) => [k, p, 'body'] as [string, JsonSchema, 'body']),
    ...op.queryParams
      .filter((q) => typesOf(q.schema).has('string'))
      .map((q) => [q.name, q.schema, 'querystring'] as [string, JsonSchema, 'querystring']),
  ];
  if (oddTargets.length === 0) oddTargets.push(['q', {}, BODY_METHODS.has(op.method) ? 'body' : 'querystring']);
  for (const [k, p, where] of oddTargets) {
    const send = (label: string, value: string, expect: Expectation) =>
      where === 'body'
        ? json('odd_unicode', label, { ...fresh(), [k]: value }, expect)
        : add('odd_unicode', label, { url: withQuery(`${k}=${encodeLoose(value)}`), expect });
    send(`NUL in ${where}.${k}`, oddString(p, NUL), invalid([`${where}.${k}`]));
    // In a URL a lone surrogate can only be sent as invalid UTF-8, which the query parser keeps undecoded.
    send(
      `lone surrogate in ${where}.${k}`,
      oddString(p, LONE_SURROGATE),
      where === 'body' ? invalid([`${where}.${k}`]) : null,
    );
    send(`ZWJ/RTL/emoji in ${where}.${k}`, oddString(p, AWKWARD), null);
  }

  // Negative and huge numbers in numeric query params and body fields (stray ones where none are declared).
  const numericQuery = op.queryParams.filter((q) => typesOf(q.schema).has('number'));
  for (const q of numericQuery) {
    for (const v of ODD_NUMBERS) {
      // 0x10 is a number to z.coerce (16), so it is only required not to break anything.
      const refused =
        v === 'NaN' ||
        (v === '-1' && (q.schema.minimum ?? -Infinity) > -1) ||
        (['1e308', '18446744073709551616'].includes(v) && q.schema.maximum !== undefined);
      add('odd_numbers', `${q.name}=${v}`, {
        url: withQuery(`${q.name}=${v}`),
        expect: refused ? invalid([`querystring.${q.name}`]) : null,
      });
    }
  }
  for (const [k] of numberProps(op.body)) {
    for (const v of ['-1', '1e308', '18446744073709551616']) {
      // Written by hand: JSON.stringify cannot express 2^64 exactly.
      const rest = JSON.stringify({ ...fresh(), [k]: undefined }).slice(1);
      add('odd_numbers', `${k}: ${v}`, {
        headers: JSON_TYPE,
        payload: `{"${k}":${v}${rest === '}' ? '' : ','}${rest}`,
        expect: null,
      });
    }
  }
  if (numericQuery.length === 0)
    add('odd_numbers', 'stray huge numbers', {
      url: withQuery('limit=1e308&offset=18446744073709551616&page=-1'),
      expect: null,
    });

  // Hostile path ids: 10 KB, traversal, NUL. Paths without parameters get a hostile extra segment.
  const pathCase = (label: string, segment: string, expect: Expectation) =>
    add('odd_path_ids', label, {
      url: op.pathParams.length ? fillPath(op, segment) : `${op.path}/${segment}`,
      headers: hasBody ? JSON_TYPE : {},
      payload: hasBody ? JSON.stringify(fresh()) : undefined,
      expect,
    });
  // Outside /api and /public an unknown GET path is the web app's (index.html), so only API paths have a fixed answer.
  const api = isApiPath(op.path);
  const withParams = op.pathParams.length > 0;
  // An extra segment may land on a sibling `/:id` route, which then asks for sign-in or a record.
  const extra: Expectation = api ? { anyOf: [400, 401, 403, 404, 405, 414] } : null;
  pathCase('10 KB id', 'a'.repeat(10_240), withParams ? { status: 414, code: 'uri_too_long' } : extra);
  pathCase('id with ../', '..%2F..%2Fetc%2Fpasswd', withParams ? { anyOf: [400, 401, 403, 404] } : extra);
  pathCase('id with %00', 'abc%00', withParams ? invalid(op.pathParams.map((p) => `params.${p.name}`)) : extra);
  add('odd_path_ids', 'literal ../ in the path', { url: `${url}/../../..`, expect: null });

  // Wrong Content-Type: text/plain is parsed as a string (so it fails an object schema), except on a
  // route that declares it reads JSON from text/plain; multipart has no parser.
  add('wrong_content_type', 'text/plain', {
    headers: { 'content-type': 'text/plain' },
    payload: JSON.stringify(fresh()),
    expect: hasBody && !op.acceptsTextJson ? invalid(['body']) : null,
  });
  add('wrong_content_type', 'multipart garbage', {
    headers: { 'content-type': 'multipart/form-data; boundary=zz' },
    payload: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000\u00ff--zz',
    // 415 without a multipart parser; a route that takes uploads reads the parts in its handler,
    // after the sign-in check, and refuses the garbage with 400.
    expect: BODY_METHODS.has(op.method) ? { anyOf: [400, 401, 415] } : null,
  });

  return out;
}

const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/**
 * A method the path does not declare: API paths answer 405 with the error shape, unless that
 * method reaches a parametric sibling (GET /contacts/merge is GET /contacts/{id}).
 */
export function wrongMethodCase(path: string, declared: string[], all: Operation[]): FuzzCase | undefined {
  const method = METHODS.find((m) => !declared.includes(m));
  if (!method) return undefined;
  const url = path.replace(/\{[^}]+\}/g, 'fuzz');
  const shadowed = all.some((o) => o.method === method && pathPattern(o.path).test(url));
  const expect: Expectation = isApiPath(path) && !shadowed ? { status: 405, code: 'method_not_allowed' } : null;
  return {
    category: 'wrong_method',
    label: `${method.toUpperCase()} not declared`,
    method: method.toUpperCase(),
    url,
    headers: {},
    expect,
  };
}

/**
 * At most `cap` cases of each category, spread evenly over the list (so different fields and
 * variants are picked), keeping every category that has any. `cap` Infinity keeps all.
 */
export function sample(cases: FuzzCase[], cap: number): FuzzCase[] {
  if (cap === Infinity) return cases;
  const out: FuzzCase[] = [];
  for (const category of CATEGORIES) {
    const of = cases.filter((c) => c.category === category);
    const take = Math.min(cap, of.length);
    for (let k = 0; k < take; k++) out.push(of[Math.floor((k * of.length) / take)]!);
  }
  return out;
}

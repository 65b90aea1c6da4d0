/**
 * Test support for `fuzz.test.ts` (imported by no production code): the operations of the OpenAPI
 * document, and values that their JSON schemas accept or refuse.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  default?: unknown;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Param {
  name: string;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  pathParams: Param[];
  queryParams: Param[];
  body: JsonSchema | undefined;
  /** The operation also reads JSON sent as text/plain (a beacon endpoint: sendBeacon cannot set another type without a preflight). */
  acceptsTextJson: boolean;
}

export const isApiPath = (path: string): boolean => path.startsWith('/api/') || path.startsWith('/public/');
export const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
export const MEGABYTE = 1_048_576;

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const pick = (where: string): Param[] =>
        params.filter((p) => p.in === where).map((p) => ({ name: p.name, schema: resolve(doc, p.schema ?? {}) }));
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method,
        path,
        pathParams: pick('path'),
        queryParams: pick('query'),
        body: body ? resolve(doc, body) : undefined,
        acceptsTextJson: op.requestBody?.content?.['text/plain'] !== undefined,
      });
    }
  }
  return out;
}

export function resolve(doc: OpenApiDoc, s: JsonSchema, depth = 0): JsonSchema {
  if (!s.$ref || depth > 10) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
}

/** The JSON types a schema accepts; empty means "anything" (z.unknown()). */
export function typesOf(s: JsonSchema): Set<string> {
  const out = new Set<string>();
  const add = (t: string) => out.add(t === 'integer' ? 'number' : t);
  if (Array.isArray(s.type)) s.type.forEach(add);
  else if (s.type) add(s.type);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) typesOf(alt).forEach(add);
  for (const v of [...(s.enum ?? []), ...(s.const === undefined ? [] : [s.const])])
    add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return out;
}

function firstAlternative(s: JsonSchema): JsonSchema {
  const alts = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter((a) => !typesOf(a).has('null') || typesOf(a).size > 1);
  return alts[0] ?? s;
}

const PATTERN_CANDIDATES = [
  'Fuzz value',
  'fuzz-value',
  'example.com',
  '+62 812 3456 7890',
  '1990-01-01',
  '2030-01-01T00:00:00Z',
  'ABC123',
  '123456',
  'abcdefghijklmnop',
];

let seq = 0;

function validString(s: JsonSchema): string {
  // Unique every time, so e-mail addresses never collide with an earlier case's record.
  seq += 1;
  const n = seq;
  const byFormat: Record<string, string> = {
    email: `fuzz.${n}@example.com`,
    date: '1990-01-01',
    'date-time': '2030-01-01T00:00:00Z',
    uri: 'https://example.com/fuzz',
    url: 'https://example.com/fuzz',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  const fits = (v: string) =>
    v.length >= (s.minLength ?? 0) &&
    v.length <= (s.maxLength ?? Infinity) &&
    (!s.pattern || new RegExp(s.pattern, 'u').test(v));
  const formatted = s.format ? byFormat[s.format] : undefined;
  if (formatted && fits(formatted)) return formatted;
  const found = PATTERN_CANDIDATES.find(fits);
  if (found) return found;
  return 'f'.repeat(Math.max(1, s.minLength ?? 1));
}

/** A value the schema should accept (best effort: patterns are matched from a few candidates). */
export function validValue(s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.anyOf || s.oneOf) return validValue(firstAlternative(s));
  if (s.allOf?.[0]) return validValue(s.allOf[0]);
  const types = typesOf(s);
  if (types.size === 0) return true;
  if (types.has('object')) return validObject(s);
  if (types.has('string')) return validString(s);
  if (types.has('number')) return s.minimum ?? (s.exclusiveMinimum === undefined ? 1 : s.exclusiveMinimum + 1);
  // false, never true: a flag like require2fa must not lock the fuzzing owner out.
  if (types.has('boolean')) return false;
  if (types.has('array')) return Array.from({ length: s.minItems ?? 0 }, () => (s.items ? validValue(s.items) : 'x'));
  return null;
}

/** Required properties, plus optional ones of no declared type (an `ageConfirmed: true` style gate). */
export function defaultKeys(s: JsonSchema): string[] {
  return Object.entries(s.properties ?? {})
    .filter(([k, p]) => s.required?.includes(k) || typesOf(p).size === 0)
    .map(([k]) => k);
}

/** A fresh valid object with the given properties (default: `defaultKeys`). */
export function validObject(s: JsonSchema, keys = defaultKeys(s)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const p = s.properties?.[k];
    if (p) out[k] = validValue(p);
  }
  return out;
}

/** A value of a type the schema does not accept (object for array, string for number or boolean, number for string). */
export function wrongValue(s: JsonSchema): unknown {
  const types = typesOf(s);
  if (types.size === 0) return undefined;
  if (types.has('array') && !types.has('object')) return { not: 'an array' };
  if ((types.has('number') || types.has('boolean')) && !types.has('string')) return 'not-a-number';
  if (!types.has('number')) return 12345;
  if (!types.has('object')) return { not: 'expected' };
  return undefined;
}

export const stringProps = (s: JsonSchema | undefined): [string, JsonSchema][] =>
  Object.entries(s?.properties ?? {}).filter(([, p]) => typesOf(p).has('string'));
export const numberProps = (s: JsonSchema | undefined): [string, JsonSchema][] =>
  Object.entries(s?.properties ?? {}).filter(([, p]) => typesOf(p).has('number'));
export const isObjectBody = (s: JsonSchema | undefined): s is JsonSchema =>
  !!s && typesOf(s).has('object') && !typesOf(s).has('array');

/** Fills path parameters; `override` replaces every one (already URL-encoded). */
export function fillPath(op: Operation, override?: string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (override !== undefined) return override;
    const p = op.pathParams.find((x) => x.name === name);
    return encodeURIComponent(String(p ? validValue(p.schema) : 'fuzz'));
  });
}

/** A string that fits the schema's length bounds and carries `odd` (if the bounds allow). */
export function oddString(s: JsonSchema, odd: string): string {
  const base = validString(s);
  const max = s.maxLength ?? Infinity;
  const value = `${odd}${base}`;
  return value.length <= max ? value : `${odd}${base}`.slice(0, Math.max(max, odd.length));
}

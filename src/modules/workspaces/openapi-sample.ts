/**
 * Builds a plausible, schema-valid value from an OpenAPI (JSON Schema) fragment, so a test can
 * call every route with a body that passes validation and reaches the handler (test support).
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
}

const STRING_CANDIDATES = ['Tenancy probe', 'probe', '+62 21 5678 4321', '123456', 'AB', 'ID', '#336699', 'abc-def', 'x'];

function sampleString(s: JsonSchema, now: Date): string {
  const day = new Date(now.getTime() + 86_400_000);
  const byFormat: Record<string, string> = {
    email: 'tenancy-probe@example.com',
    'date-time': day.toISOString(),
    date: day.toISOString().slice(0, 10),
    uuid: '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60',
    uri: 'https://example.com/tenancy',
    url: 'https://example.com/tenancy',
  };
  const formatted = s.format ? byFormat[s.format] : undefined;
  if (formatted) return formatted;
  const fit = (v: string): string => {
    const min = s.minLength ?? 0;
    const padded = v.length < min ? v.padEnd(min, 'x') : v;
    return s.maxLength !== undefined ? padded.slice(0, s.maxLength) : padded;
  };
  if (!s.pattern) return fit(STRING_CANDIDATES[0]!);
  const re = new RegExp(s.pattern);
  return STRING_CANDIDATES.map(fit).find((c) => re.test(c)) ?? fit(STRING_CANDIDATES[0]!);
}

export interface SampleOptions {
  now: Date;
  /** `components.schemas` of the document, for `$ref`s. */
  refs?: Record<string, JsonSchema> | undefined;
}

export function sampleValue(schema: JsonSchema | undefined, opts: SampleOptions, depth = 0): unknown {
  const s = schema?.$ref ? opts.refs?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const now = opts.now;
  if (!s || depth > 8) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) {
    const pick = alternatives.find((a) => a.type !== 'null') ?? alternatives[0];
    return sampleValue(pick, opts, depth + 1);
  }
  if (s.allOf?.length) {
    return Object.assign({}, ...s.allOf.map((p) => sampleValue(p, opts, depth + 1) as object));
  }
  const type: string = (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type) ?? (s.properties ? 'object' : '');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sampleValue(s.properties?.[key], opts, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sampleValue(s.items, opts, depth + 1));
    case 'string':
      return sampleString(s, now);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return s.maximum !== undefined ? Math.min(min, s.maximum) : min;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

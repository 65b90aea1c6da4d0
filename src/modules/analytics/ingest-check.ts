import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { EVENT_KINDS, type EventInput } from './schema.js';

/**
 * A quick check of the event body that runs before the zod schema (schema.ts), which stays the
 * definition: a body this check accepts is one the schema accepts unchanged, and any other body
 * (a wrong field, an unknown key, anything unusual) goes to the schema, which gives the usual 400
 * with its field details. Most page views thus skip the schema's per-field work; the test
 * (ingest-check.test.ts) holds the two to the same answers.
 */
const RANDOM_ID = /^[A-Za-z0-9_-]{16,64}$/;
const FEATURE = /^[A-Za-z0-9_.:-]{1,100}$/;
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;
const KEYS = new Set(['workspaceId', 'visitorId', 'type', 'url', 'referrer', 'pageId', 'engagedMs', 'feature', 'timeZone']);
const KINDS: ReadonlySet<unknown> = new Set(EVENT_KINDS);

const text = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const matches = (v: unknown, re: RegExp): boolean => typeof v === 'string' && re.test(v);

/** True only for a body the schema accepts as it is; false means "ask the schema". */
export function isPlainEvent(v: unknown): v is EventInput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  for (const k in o) if (!KEYS.has(k)) return false;
  if (!KINDS.has(o.type) || !text(o.url, 1, 8192) || !matches(o.pageId, RANDOM_ID)) return false;
  if (o.workspaceId !== undefined && !text(o.workspaceId, 1, 100)) return false;
  if (o.visitorId !== undefined && !matches(o.visitorId, RANDOM_ID)) return false;
  if (o.referrer !== undefined && !text(o.referrer, 0, 8192)) return false;
  if (o.engagedMs !== undefined && !(Number.isSafeInteger(o.engagedMs) && (o.engagedMs as number) >= 0 && (o.engagedMs as number) <= 86_400_000)) return false;
  if (o.feature !== undefined ? !matches(o.feature, FEATURE) : o.type === 'feature') return false;
  if (o.timeZone !== undefined && !matches(o.timeZone, TIME_ZONE)) return false;
  return true;
}

/** The route's validator compiler: the quick check for the body, the zod schema for the rest. */
export const eventValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const full = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return full;
  return (data: unknown) => (isPlainEvent(data) ? { value: data } : full(data));
};

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpError, type FieldProblem } from './errors.js';
import { SESSION_COOKIE } from './auth.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+\S+$/i;

/**
 * CSRF defence for cookie-authenticated writes, by Fetch Metadata and Origin (OWASP): a browser
 * always labels a cross-site request, so a write that carries our session cookie must come from our
 * own origin. Bearer-key calls carry no ambient credential and are not affected; any other
 * Authorization scheme falls back to the cookie, so it does not exempt the request.
 */
export function isCrossSiteWrite(req: FastifyRequest, allowedOrigins: Set<string>): boolean {
  if (SAFE.has(req.method)) return false;
  if (!req.cookies[SESSION_COOKIE]) return false;
  if (BEARER.test(req.headers.authorization ?? '')) return false;
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    const host = req.headers.host;
    const self = host ? [`http://${host}`, `https://${host}`] : [];
    return !allowedOrigins.has(origin) && !self.includes(origin);
  }
  return origin === 'null';
}

export function registerCsrf(app: FastifyInstance, ctx: AppContext): void {
  const allowed = new Set([new URL(ctx.config.baseUrl).origin]);
  app.addHook('onRequest', async (req) => {
    if (isCrossSiteWrite(req, allowed)) {
      throw new HttpError(403, 'csrf_rejected', 'Cross-site request refused');
    }
  });
}

// NUL cannot be stored in PostgreSQL text, and an unpaired UTF-16 surrogate is silently turned
// into U+FFFD by both drivers: either would be a 500 or a quietly altered record.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string): boolean => s.includes('\0') || LONE_SURROGATE.test(s);

// Parsed JSON, query strings and path params; buffers and streams (multipart files) are not walked.
function isWalkable(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || ArrayBuffer.isView(v)) return false;
  return typeof (v as { pipe?: unknown }).pipe !== 'function';
}

/** Every field under `value` whose text (or key) cannot be stored faithfully. */
export function unstorableFields(value: unknown, path: string, out: FieldProblem[] = [], depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    if (unstorable(value)) out.push({ field: path, message: 'must not contain NUL or unpaired surrogate characters' });
  } else if (isWalkable(value) && depth < 32) {
    for (const [k, v] of Object.entries(value)) {
      const field = `${path}.${k}`;
      if (unstorable(k)) out.push({ field: path, message: 'has a key with NUL or unpaired surrogate characters' });
      else unstorableFields(v, field, out, depth + 1);
    }
  }
  return out;
}

/** Refuses such input with a clear 400 before it reaches a schema, a handler or the database. */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const problems = [
      ...unstorableFields(req.params, 'params'),
      ...unstorableFields(req.query, 'querystring'),
      ...unstorableFields(req.body, 'body'),
    ];
    if (problems.length > 0)
      throw new HttpError(400, 'validation_failed', 'Some fields are missing or invalid', problems);
  });
}

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
  app.addHook('onRequest', (req, _reply, done) => {
    if (isCrossSiteWrite(req, allowed)) done(new HttpError(403, 'csrf_rejected', 'Cross-site request refused'));
    else done();
  });
}

// NUL cannot be stored in PostgreSQL text, and an unpaired UTF-16 surrogate is silently turned
// into U+FFFD by both drivers: either would be a 500 or a quietly altered record.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// One scan for any NUL or surrogate first: almost no text has either, so the exact test rarely runs.
const SUSPECT = /[\0\ud800-\udfff]/;
const unstorable = (s: string): boolean => SUSPECT.test(s) && (s.includes('\0') || LONE_SURROGATE.test(s));

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
    // Runs for every request: a field's name is put together only when it is reported or walked into.
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (unstorable(k)) out.push({ field: path, message: 'has a key with NUL or unpaired surrogate characters' });
      else if (typeof v === 'string') {
        if (unstorable(v)) out.push({ field: `${path}.${k}`, message: 'must not contain NUL or unpaired surrogate characters' });
      } else if (typeof v === 'object' && v !== null) unstorableFields(v, `${path}.${k}`, out, depth + 1);
    }
  }
  return out;
}

/** Refuses such input with a clear 400 before it reaches a schema, a handler or the database. */
export function registerInputHygiene(app: FastifyInstance): void {
  // Callback style, not async: a hook that runs for every request should not cost a promise.
  app.addHook('preValidation', (req, _reply, done) => {
    const problems: FieldProblem[] = [];
    unstorableFields(req.params, 'params', problems);
    unstorableFields(req.query, 'querystring', problems);
    unstorableFields(req.body, 'body', problems);
    if (problems.length > 0) done(new HttpError(400, 'validation_failed', 'Some fields are missing or invalid', problems));
    else done();
  });
}

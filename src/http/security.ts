import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpError } from './errors.js';
import { SESSION_COOKIE } from './auth.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes, by Fetch Metadata and Origin (OWASP): a browser
 * always labels a cross-site request, so a write that carries our session cookie must come from our
 * own origin. Bearer-key calls carry no ambient credential and are not affected.
 */
export function isCrossSiteWrite(req: FastifyRequest, allowedOrigins: Set<string>): boolean {
  if (SAFE.has(req.method)) return false;
  if (!req.cookies[SESSION_COOKIE] || req.headers.authorization) return false;
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

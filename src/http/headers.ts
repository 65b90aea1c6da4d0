import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers (CSP with frame-ancestors 'none', nosniff, referrer policy, HSTS over TLS …)
 * as helmet computes them, worked out once at start and set as a static map on every response:
 * running helmet's middleware per request rebuilt the policy each time.
 */
export async function staticSecurityHeaders(opts: HelmetOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  await new Promise<void>((resolve, reject) => {
    helmet(opts)({} as IncomingMessage, res, (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error('helmet failed')) : resolve()));
  });
  return headers;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `cross-site`: an endpoint any website calls without credentials, whose JSON answer no
     * document renders (the tracking beacon): it gets `crossSiteHeaders` instead of the full set.
     */
    securityHeaders?: 'cross-site';
  }
}

/**
 * The headers of a JSON endpoint other sites call with no credentials (OWASP REST Security): no
 * content may load or frame it, no sniffing, readable from any origin (CORS and CORP). The document
 * headers of the full set (referrer policy, opener policy, DNS prefetch …) mean nothing for a
 * beacon's answer, and `cross-origin-resource-policy: same-origin` would be wrong for it.
 */
export function crossSiteHeaders(tls: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
    'access-control-allow-origin': '*',
    ...(tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Every response gets `headers`, set first thing so errors from later hooks carry them too, except
 * on the paths of routes configured `securityHeaders: 'cross-site'`, which get `crossSite`.
 */
export function registerSecurityHeaders(app: FastifyInstance, headers: Record<string, string>, crossSite: Record<string, string>): void {
  const crossSitePaths = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.config?.securityHeaders !== 'cross-site') return;
    // Matched by the request's path as written, so a route with parameters would silently keep the full set.
    if (/[:*]/.test(route.url)) throw new Error(`securityHeaders 'cross-site' needs a path without parameters: ${route.url}`);
    crossSitePaths.add(route.url);
  });
  app.addHook('onRequest', (req, reply, done) => {
    const url = req.raw.url ?? '';
    const q = url.indexOf('?');
    void reply.headers(crossSitePaths.has(q < 0 ? url : url.slice(0, q)) ? crossSite : headers);
    done();
  });
}

export function helmetOptions(tls: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: tls ? [] : null,
      },
    },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { newId } from '../lib/ids.js';
import { escapeHtml } from '../mail/layout.js';
import { currentPolicy } from '../modules/governance/service.js';
import { beaconRoutes, moduleRoutes } from '../modules/index.js';
import { clientErrorHandler, errorBody, frameworkErrors, HttpError, registerErrorHandling } from './errors.js';
import { registerCsrf, registerInputHygiene } from './security.js';
import { crossSiteHeaders, helmetOptions, registerSecurityHeaders, staticSecurityHeaders } from './headers.js';

export const BODY_LIMIT = 1_048_576;

/** Request ids: one random prefix per process and a counter, so no random bytes are drawn per request. */
function requestIds(): () => string {
  const prefix = newId('req');
  let n = 0;
  return () => `${prefix}-${(n++).toString(36)}`;
}
/** A number of hops as the function form Fastify's types accept (the first `n` proxies are trusted). */
function hops(t: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_address, hop) => hop < t : t;
}
const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const tls = ctx.config.tls;
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: BODY_LIMIT,
    genReqId: requestIds(),
    trustProxy: hops(ctx.config.trustProxy),
    frameworkErrors,
    clientErrorHandler,
    ...(tls ? { https: { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } } : {}),
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  registerSecurityHeaders(app, await staticSecurityHeaders(helmetOptions(Boolean(tls))), crossSiteHeaders(Boolean(tls)));
  // Per-node limits for public endpoints; login throttling that must hold across nodes lives in the database.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, limit) =>
      new HttpError(limit.statusCode, 'rate_limited', `Too many requests, try again in ${limit.after}`),
  });
  registerInputHygiene(app);
  const allowedMethods = collectRoutes(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kodepos API',
        version: '1.0.0',
        description: 'Sales, Marketing, CRM and Service platform with privacy built in.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kodepos_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Endpoints any website calls without credentials (the tracking beacon) read no session, so they
  // sit outside the session scope: no cookie parsing, CSRF check or policy-acceptance gate per call.
  for (const register of beaconRoutes) register(app, ctx);
  // Everything else may be called with the session cookie.
  await app.register(async (session) => {
    await session.register(cookie);
    registerCsrf(session, ctx);
    for (const register of moduleRoutes) register(session, ctx);
  });

  const hasWeb = existsSync(join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const apiLike = path.startsWith('/api/') || path.startsWith('/public/');
    if (!apiLike && req.method === 'GET') {
      const index = hasWeb ? await appShell(ctx) : undefined;
      if (index) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
      // A 404 in the usual shape, not a 5xx: nothing is wrong with the server, the UI is just not built (or mid-rebuild).
      return reply
        .status(404)
        .send(errorBody('not_found', 'The web UI is not built. Run `npm run build` (npm start does it for you).'));
    }
    const allow = allowedMethods(path);
    if (allow.length > 0) {
      return reply
        .status(405)
        .header('allow', allow.join(', '))
        .send(errorBody('method_not_allowed', `${req.method} is not allowed here; use ${allow.join(', ')}`));
    }
    return reply.status(404).send(errorBody('not_found', `No route ${req.method} ${path.slice(0, 200)}`));
  });

  return app;
}

/**
 * The SPA shell with the policy version in force on its consent snippet, as the public pages have
 * it: a choice is tagged with that version, so without it the app and the public pages would each
 * take the other's choice for a stale one and ask again.
 */
async function appShell(ctx: AppContext): Promise<string | Buffer | undefined> {
  const index = readIndex();
  const policy = index ? await currentPolicy(ctx) : null;
  if (!index || !policy) return index;
  const tag = `<script src="/snippet.js" data-policy-version="${escapeHtml(policy.version)}"`;
  return index.toString('utf8').replace('<script src="/snippet.js"', tag);
}

/** The SPA shell, read per request so a rebuild is picked up; undefined while it is missing. */
function readIndex(): Buffer | undefined {
  try {
    return readFileSync(join(WEB_DIST, 'index.html'));
  } catch {
    return undefined;
  }
}

/**
 * Records every API route as it is added, so an unknown method on a known path can be told
 * apart from an unknown path: 405 with `Allow` rather than 404.
 */
function collectRoutes(app: FastifyInstance): (path: string) => string[] {
  const routes: { re: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/public/')) return;
    const pattern = route.url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ re: new RegExp(`^${pattern}$`), methods: ([] as string[]).concat(route.method) });
  });
  return (path) => [...new Set(routes.filter((r) => r.re.test(path)).flatMap((r) => r.methods))].sort();
}

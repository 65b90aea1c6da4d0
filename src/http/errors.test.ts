import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logger.js';
import { createTestApp, json, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { frameworkErrors, HttpError, registerErrorHandling } from './errors.js';
import { idParams, listQuery } from './schemas.js';
import { registerInputHygiene } from './security.js';

type ErrorJson = { error: { code: string; message: string; details?: { field: string; message: string }[] } };
const err = (res: LightMyRequestResponse): ErrorJson['error'] => json<ErrorJson>(res).error;
const fields = (res: LightMyRequestResponse): string[] => (err(res).details ?? []).map((d) => d.field);

describe('error handler (unit)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ loggerInstance: createLogger('silent'), frameworkErrors }) as unknown as FastifyInstance;
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    registerInputHygiene(app);
    const z4 = app.withTypeProvider<ZodTypeProvider>();
    z4.post(
      '/v/:id',
      {
        schema: {
          params: idParams,
          querystring: listQuery,
          body: z.object({ email: z.email(), tags: z.array(z.string()).max(2) }),
        },
      },
      async () => ({ ok: true }),
    );
    z4.get('/http', async () => {
      throw new HttpError(409, 'email_taken', 'Taken', { field: 'body.email' }, { 'retry-after': '5' });
    });
    z4.get('/boom', async () => {
      throw new Error('secret detail siti@example.com');
    });
    z4.get('/plugin', async () => {
      throw Object.assign(new Error('Banned'), { statusCode: 403 });
    });
    z4.get('/ajv', async () => {
      throw Object.assign(new Error('bad'), {
        validation: [{ instancePath: '', message: 'is required', params: { missingProperty: 'name' } }],
        validationContext: 'body',
      });
    });
    z4.get(
      '/hook',
      {
        onRequest: async () => {
          throw new Error('hook failed');
        },
      },
      async () => ({ ok: true }),
    );
    z4.get(
      '/pre',
      {
        preHandler: async () => {
          throw new HttpError(402, 'payment_required', 'Upgrade your plan');
        },
      },
      async () => ({ ok: true }),
    );
    z4.get(
      '/out',
      { schema: { response: { 200: z.object({ n: z.number() }) } } },
      async () => ({ n: 'not a number' }) as unknown as { n: number },
    );
    app.setNotFoundHandler(async (req) => {
      if (req.url === '/nf-http') throw new HttpError(404, 'not_found', 'Nothing here');
      throw new Error('the not-found handler failed');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('sends HttpError with its status, code, details and headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/http' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['retry-after']).toBe('5');
    expect(err(res)).toEqual({ code: 'email_taken', message: 'Taken', details: { field: 'body.email' } });
  });

  it('names each bad field of a zod validation failure', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v/x?limit=0',
      payload: { email: 'nope', tags: ['a', 'b', 'c'] },
    });
    expect(res.statusCode).toBe(400);
    expect(err(res).code).toBe('validation_failed');
    // Fastify validates params, body, querystring in turn and reports the first part that fails.
    expect(fields(res).sort()).toEqual(['body.email', 'body.tags']);
    const query = await app.inject({ method: 'POST', url: '/v/x?limit=0', payload: { email: 'a@b.co', tags: [] } });
    expect(fields(query)).toEqual(['querystring.limit']);
    const nested = await app.inject({ method: 'POST', url: '/v/x', payload: { email: 'a@b.co', tags: ['a', 5] } });
    expect(fields(nested)).toEqual(['body.tags.1']);
  });

  it('maps other validators and plugin errors to the same shape', async () => {
    const ajv = await app.inject({ method: 'GET', url: '/ajv' });
    expect(ajv.statusCode).toBe(400);
    expect(err(ajv)).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'body.name', message: 'is required' }],
    });
    const plugin = await app.inject({ method: 'GET', url: '/plugin' });
    expect(plugin.statusCode).toBe(403);
    expect(err(plugin)).toEqual({ code: 'forbidden', message: 'Banned' });
  });

  it('turns anything unexpected (handler, hook, response schema) into a 500 that leaks nothing', async () => {
    for (const url of ['/boom', '/hook', '/out']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(500);
      expect(err(res), url).toEqual({ code: 'internal_error', message: 'Something went wrong on our side' });
    }
    const pre = await app.inject({ method: 'GET', url: '/pre' });
    expect(pre.statusCode).toBe(402);
    expect(err(pre).code).toBe('payment_required');
  });

  it('handles errors thrown by the not-found handler', async () => {
    const known = await app.inject({ method: 'GET', url: '/nf-http' });
    expect(known.statusCode).toBe(404);
    expect(err(known)).toEqual({ code: 'not_found', message: 'Nothing here' });
    const broken = await app.inject({ method: 'GET', url: '/nf-broken' });
    expect(broken.statusCode).toBe(500);
    expect(err(broken).code).toBe('internal_error');
  });

  it('maps Fastify body errors to snake_case codes', async () => {
    const cases: [Record<string, string>, string, number, string][] = [
      [{ 'content-type': 'application/json' }, '{"a":', 400, 'invalid_json'],
      [{ 'content-type': 'application/json' }, '', 400, 'invalid_json'],
      [{ 'content-type': 'application/json' }, '{"__proto__":{"x":1}}', 400, 'invalid_json'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\ngarbage', 415, 'unsupported_media_type'],
      [{ 'content-type': 'application/xml' }, '<a/>', 415, 'unsupported_media_type'],
      [{ 'content-type': 'text/plain' }, 'hello', 400, 'validation_failed'],
    ];
    for (const [headers, payload, status, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/v/x', headers, payload });
      expect(res.statusCode, payload).toBe(status);
      expect(err(res).code, payload).toBe(code);
    }
  });

  it('answers router errors (bad escapes, over-long segments) in the shape without echoing the URL', async () => {
    const bad = await app.inject({ method: 'GET', url: '/v/%' });
    expect(bad.statusCode).toBe(400);
    expect(err(bad)).toEqual({ code: 'bad_url', message: 'The URL is not valid' });
    const long = await app.inject({ method: 'POST', url: `/v/${'a'.repeat(10_000)}`, payload: {} });
    expect(long.statusCode).toBe(414);
    expect(err(long)).toEqual({ code: 'uri_too_long', message: 'A path segment is too long' });
  });

  it('refuses NUL and unpaired surrogates anywhere in the input, naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v/a%00?q=%ED%A0%80',
      payload: { email: 'a\u0000@b.co', tags: ['ok', '\ud800'], ['k\u0000']: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(err(res).code).toBe('validation_failed');
    expect(fields(res)).toEqual(['params.id', 'body.email', 'body.tags.1', 'body']);
    const fine = await app.inject({
      method: 'POST',
      url: '/v/a',
      payload: { email: 'a@b.co', tags: ['👩‍💻', '\u202Eevil'] },
    });
    expect(fine.statusCode).toBe(200);
  });
});

describe.each(testDialects)('error shape of the whole app on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('answers unknown API routes with 404 not_found and known paths with 405 and Allow', async () => {
    const missing = await ta.app.inject({ method: 'GET', url: '/api/v1/nowhere?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(err(missing)).toEqual({ code: 'not_found', message: 'No route GET /api/v1/nowhere' });
    const wrong = await ta.app.inject({ method: 'PUT', url: '/api/v1/auth/sessions/abc' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('DELETE');
    expect(err(wrong).code).toBe('method_not_allowed');
    const pub = await ta.app.inject({ method: 'DELETE', url: '/public/v1/policy' });
    expect(pub.statusCode).toBe(405);
    expect(String(pub.headers.allow)).toContain('GET');
  });

  it('answers rate-limited requests with 429 rate_limited and Retry-After', async () => {
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 40 && last?.statusCode !== 429; i++) {
      last = await ta.app.inject({
        method: 'POST',
        url: '/api/v1/auth/verify-email',
        remoteAddress: '203.0.113.9',
        payload: { token: 'x'.repeat(20) },
      });
    }
    expect(last?.statusCode).toBe(429);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(err(last!).code).toBe('rate_limited');
  });

  it('coerces and checks query numbers', async () => {
    for (const limit of ['-1', '0', '201', '1e308', '18446744073709551616', 'abc', '1.5']) {
      const res = await ta.app.inject({ method: 'GET', url: `/api/v1/members?limit=${limit}` });
      expect(res.statusCode, limit).toBe(400);
      expect(fields(res), limit).toContain('querystring.limit');
    }
  });
});

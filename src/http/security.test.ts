import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer, type RunningServer } from '../server.js';
import { createTestApp, json, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { BODY_LIMIT } from './app.js';

type ErrorJson = { error: { code: string; message: string; details?: unknown } };
const code = (res: LightMyRequestResponse): string => json<ErrorJson>(res).error.code;

function expectSecurityHeaders(res: LightMyRequestResponse): void {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('upgrade-insecure-requests');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

describe.each(testDialects)('HTTP security on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  let bearer: string;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ({ cookie } = await signUp(ta, { email: 'owner@security.test' }));
    const key = await ta.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie },
      payload: { name: 'ci', scopes: ['admin'] },
    });
    expect(key.statusCode).toBe(201);
    bearer = `Bearer ${json<{ key: string }>(key).key}`;
  });
  afterAll(async () => {
    await ta.close();
  });

  it('sets security headers on API responses, errors and public pages (no HSTS on plain HTTP)', async () => {
    expectSecurityHeaders(await ta.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }));
    expectSecurityHeaders(await ta.app.inject({ method: 'GET', url: '/api/v1/me' }));
    expectSecurityHeaders(await ta.app.inject({ method: 'GET', url: '/api/v1/nowhere' }));
    const privacy = await ta.app.inject({ method: 'GET', url: '/privacy' });
    expect(privacy.statusCode).toBe(200);
    expect(privacy.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(privacy);
  });

  describe('CSRF', () => {
    const create = (headers: Record<string, string>) =>
      ta.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers, payload: { name: 'CSRF probe' } });

    it('refuses cookie-authenticated writes from another site', async () => {
      const crossSite: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'null' },
        { origin: 'https://evil.example', authorization: 'Basic dXNlcjpwYXNz' },
      ];
      for (const headers of crossSite) {
        const res = await create({ cookie, ...headers });
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
        expect(json<ErrorJson>(res).error).toEqual({ code: 'csrf_rejected', message: 'Cross-site request refused' });
      }
      const logout = await ta.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie, origin: 'https://evil.example' },
      });
      expect(code(logout)).toBe('csrf_rejected');
    });

    it('lets same-origin and non-browser (no Origin) writes through', async () => {
      expect((await create({ cookie })).statusCode).toBe(201);
      expect(
        (await create({ cookie, origin: 'http://kodepos.test', 'sec-fetch-site': 'same-origin' })).statusCode,
      ).toBe(201);
      expect((await create({ cookie, 'sec-fetch-site': 'none' })).statusCode).toBe(201);
      expect((await create({ cookie, origin: 'http://localhost:80' })).statusCode).toBe(201);
    });

    it('does not affect Bearer-key requests or safe methods', async () => {
      const res = await ta.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: { authorization: bearer, cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        payload: { name: 'Renamed by key' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const read = await ta.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(read.statusCode).toBe(200);
    });
  });

  it('answers a body over 1 MB with 413 payload_too_large in the error shape', async () => {
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(res.statusCode).toBe(413);
    expect(json<ErrorJson>(res).error).toEqual({ code: 'payload_too_large', message: expect.any(String) as string });
  });
});

describe('HTTPS', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kodepos-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: join(dir, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      TLS_CERT: cert,
      TLS_KEY: key,
      JOBS: 'false',
      LOG_LEVEL: 'silent',
      APP_SECRET: 'test-secret-test-secret-test-secret-42',
    });
    server = await startServer(config, { log: createLogger('silent') });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function get(
    path: string,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}${path}`, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves /healthz over TLS with HSTS', async () => {
    expect(server.url).toMatch(/^https:\/\//);
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  /** Writes raw bytes over TLS and returns whatever comes back before the server closes. */
  function raw(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const sock = connect(
        { host: '127.0.0.1', port: Number(new URL(server.url).port), rejectUnauthorized: false },
        () => sock.write(bytes),
      );
      let data = '';
      sock.setEncoding('utf8');
      sock.on('data', (c: string) => (data += c));
      sock.on('close', () => resolve(data));
      sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(data) : reject(e)));
    });
  }

  it('answers malformed HTTP and oversized headers in the error shape', async () => {
    const garbage = await raw('GARBAGE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1] ?? '')).toEqual({
      error: { code: 'bad_request', message: 'The request is not valid HTTP' },
    });
    const huge = await raw(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.split('\r\n\r\n')[1] ?? '').error.code).toBe('headers_too_large');
  });

  it('answers router-level errors in the JSON shape too', async () => {
    const res = await get('/api/v1/%');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad_url', message: 'The URL is not valid' } });
  });
});

describe('TLS configuration', () => {
  const base = { NODE_ENV: 'test', DATA_DIR: tmpdir() };

  it('refuses a certificate without a key, and a key without a certificate', () => {
    expect(() => loadConfig({ ...base, TLS_CERT: '/etc/ssl/cert.pem' })).toThrow(
      'TLS_CERT and TLS_KEY must be set together',
    );
    expect(() => loadConfig({ ...base, TLS_KEY: '/etc/ssl/key.pem' })).toThrow(
      'TLS_CERT and TLS_KEY must be set together',
    );
  });

  it('names the variable whose file is missing', () => {
    expect(() => loadConfig({ ...base, TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: '/nonexistent/key.pem' })).toThrow(
      /TLS_CERT names a file that does not exist/,
    );
  });

  it('defaults BASE_URL to https when TLS is on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kodepos-cfg-'));
    try {
      execFileSync('touch', [join(dir, 'c'), join(dir, 'k')]);
      expect(loadConfig({ ...base, TLS_CERT: join(dir, 'c'), TLS_KEY: join(dir, 'k'), PORT: '8443' }).baseUrl).toBe(
        'https://localhost:8443',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

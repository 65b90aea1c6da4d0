import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { closeContext, createContext } from './server.js';
import { createTestDb, testDialects, type TestDb } from './test/db.js';

const EMAIL = 'Siti.Rahayu@Example.co.id';
const PASSWORD = 'Kopi-Tubruk-2024!';
const NAME = 'Siti Wulandari Rahayu';
const PHONE_ID = '+62 812 3456 7890';
const PHONE_US = '(248) 495-7183';
const LEAKS = [
  /siti/i,
  /rahayu/i,
  /wulandari/i,
  /kopi-tubruk/i,
  /812[\s-]?3456/,
  /3456[\s-]?7890/,
  /495-?7183/,
  /81234567890/,
];

interface Line {
  level: number;
  msg: string;
  res?: { statusCode?: number; method?: string; url?: string };
  responseTime?: number;
}

describe.each(testDialects)('logs carry no personal data on %s', (dialect) => {
  const captured: string[] = [];
  let t: TestDb;
  let ctx: AppContext;
  let app: FastifyInstance;
  const text = (): string => captured.join('');
  const lines = (): Line[] =>
    text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    t = await createTestDb(dialect, { migrate: false });
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        DATA_DIR: t.dataDir,
        BASE_URL: 'http://kodepos.test',
        LOG_LEVEL: 'info',
        APP_SECRET: 'test-secret-test-secret-test-secret-42',
      },
      { databaseUrl: t.db.pg?.url, pgSchema: t.db.pg?.schema, jobs: false },
    );
    const log = createLogger('info', { write: (s: string) => void captured.push(s) });
    ctx = await createContext(config, { log });
    app = await buildApp(ctx);
    // Test-only routes: one fails unexpectedly quoting what it was sent, one logs structured PII.
    app.post('/api/v1/test/boom', async (req) => {
      const b = req.body as { name: string; email: string; phone: string };
      throw new Error(`could not save ${b.name} <${b.email}> tel ${b.phone}`);
    });
    app.post('/api/v1/test/log', async (req) => {
      const b = req.body as Record<string, unknown>;
      req.log.info({ contact: b, phones: [PHONE_ID, PHONE_US], note: `wrote to ${EMAIL}` }, `contact ${EMAIL} saved`);
      return { ok: true };
    });
    await app.ready();

    const q = `?email=${encodeURIComponent(EMAIL)}&phone=${encodeURIComponent(PHONE_ID)}&name=${encodeURIComponent(NAME)}`;
    const person = {
      name: NAME,
      email: EMAIL,
      password: PASSWORD,
      company: 'Warung Kopi',
      phone: PHONE_US,
      ageConfirmed: true,
    };
    const send = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, headers: { 'user-agent': `test ${EMAIL}` } });
    expect((await send(`/api/v1/auth/register${q}`, person)).statusCode).toBe(201);
    expect((await send(`/api/v1/auth/register`, person)).statusCode).toBe(409);
    expect((await send(`/api/v1/auth/login${q}`, { email: EMAIL, password: PASSWORD })).statusCode).toBe(200);
    expect((await send(`/api/v1/auth/login`, { email: EMAIL, password: `${PASSWORD}x` })).statusCode).toBe(401);
    expect((await send(`/api/v1/auth/password-reset${q}`, { email: EMAIL })).statusCode).toBe(202);
    expect(
      (await send(`/api/v1/auth/register`, { ...person, email: 'not an email', phone: PHONE_ID })).statusCode,
    ).toBe(400);
    expect((await send(`/api/v1/test/boom${q}`, { name: NAME, email: EMAIL, phone: PHONE_ID })).statusCode).toBe(500);
    expect(
      (await send(`/api/v1/test/log`, { name: NAME, email: EMAIL, phone: PHONE_ID, password: PASSWORD })).statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/people/${encodeURIComponent(EMAIL)}/${encodeURIComponent(PHONE_ID)}`,
        })
      ).statusCode,
    ).toBe(404);
    // The queued verification and reset mails are sent (and their sending logged) too.
    await ctx.queue.drain();
  });

  afterAll(async () => {
    await app.close();
    await closeContext(ctx);
    await t.cleanup();
  });

  it('wrote log lines at all', () => {
    expect(lines().length).toBeGreaterThan(15);
  });

  it('contains no e-mail, phone digits, password or name', () => {
    const all = text();
    expect(all).not.toMatch(/@example/i);
    for (const leak of LEAKS) expect(all).not.toMatch(leak);
  });

  it('logs the unexpected error, with what was sent cut out', () => {
    const err = lines().find((l) => l.msg === 'unhandled error') as
      (Line & { err: { type: string; message: string; stack: string }; route: string }) | undefined;
    expect(err).toBeDefined();
    expect(err?.route).toBe('/api/v1/test/boom');
    expect(err?.err.type).toBe('Error');
    expect(err?.err.message).toMatch(/^could not save \[redacted\]/);
    expect(err?.err.stack).toContain('logger.test.ts');
  });

  it('keeps method, path, status and response time on request-completed lines', () => {
    const done = lines().filter((l) => l.msg === 'request completed');
    expect(done.length).toBeGreaterThanOrEqual(9);
    for (const l of done) {
      expect(l.res?.method).toMatch(/^(GET|POST)$/);
      expect(l.res?.url).toMatch(/^\/api\/v1\//);
      expect(l.res?.statusCode).toBeGreaterThanOrEqual(200);
      expect(typeof l.responseTime).toBe('number');
    }
    const register = done.find((l) => l.res?.url?.startsWith('/api/v1/auth/register?'));
    expect(register?.res).toEqual({
      statusCode: 201,
      method: 'POST',
      url: '/api/v1/auth/register?email=[redacted]&phone=[redacted]&name=[redacted]',
    });
    expect(done.find((l) => l.res?.statusCode === 404)?.res?.url).toBe('/api/v1/people/[email]/[phone]');
  });
});

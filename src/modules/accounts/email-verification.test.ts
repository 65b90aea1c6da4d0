import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../lib/clock.js';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError, loginCookie, mailedToken, newMails, register } from '../workspaces/test-support.js';

function verify(ta: TestApp, token: string) {
  return ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
}

function resend(ta: TestApp, email: string) {
  return ta.app.inject({ method: 'POST', url: '/api/v1/auth/resend-verification', payload: { email } });
}

async function emailVerified(ta: TestApp, email: string): Promise<boolean> {
  const cookie = await loginCookie(ta, email);
  return json<{ user: { emailVerified: boolean } }>(await call(ta, 'GET', '/api/v1/me', { cookie })).user.emailVerified;
}

describe.each(testDialects)('email verification on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('verifies with the mailed link once; the token is stored only as a hash', async () => {
    const email = 'eko@example.com';
    expect((await register(ta, { email })).statusCode).toBe(201);
    const token = await mailedToken(ta, email, '/verify-email');
    const rows = await ta.ctx.db.k.selectFrom('email_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await emailVerified(ta, email)).toBe(false);
    const ok = await verify(ta, token);
    expect(ok.statusCode).toBe(200);
    expect(await emailVerified(ta, email)).toBe(true);
    expectError(await verify(ta, token), 400, 'invalid_token');
  });

  it('refuses an unknown token and a malformed body', async () => {
    expectError(await verify(ta, 'this-token-was-never-issued'), 400, 'invalid_token');
    expectError(await ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: {} }), 400, 'validation_failed');
  });

  it('expires the link after 48 hours', async () => {
    const email = 'fajar@example.com';
    expect((await register(ta, { email })).statusCode).toBe(201);
    const token = await mailedToken(ta, email, '/verify-email');
    ta.clock.advance(48 * HOUR + 60_000);
    expectError(await verify(ta, token), 400, 'invalid_token');
    expect(await emailVerified(ta, email)).toBe(false);
  });

  it('resends a fresh link that works; nothing for unknown or already verified addresses', async () => {
    const email = 'gita@example.com';
    expect((await register(ta, { email })).statusCode).toBe(201);
    await mailedToken(ta, email, '/verify-email');
    ta.clock.advance(49 * HOUR);
    const res = await resend(ta, 'GITA@example.com');
    expect(res.statusCode).toBe(202);
    const fresh = await mailedToken(ta, email, '/verify-email');
    expect((await verify(ta, fresh)).statusCode).toBe(200);

    ta.clock.advance(2 * 60_000);
    expect((await resend(ta, email)).statusCode).toBe(202);
    expect(await newMails(ta, email)).toEqual([]);
    const unknown = await resend(ta, 'nobody-here@example.com');
    expect(unknown.statusCode).toBe(202);
    expect(await newMails(ta, 'nobody-here@example.com')).toEqual([]);
  });
});

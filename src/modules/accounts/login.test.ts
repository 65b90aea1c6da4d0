import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, json, sessionCookie, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { PASSWORD, call, expectError, login } from '../workspaces/test-support.js';

describe.each(testDialects)('login and logout on %s', (dialect) => {
  let ta: TestApp;
  let user: { cookie: string; userId: string; workspaceId: string };
  const email = 'sari@example.co.id';

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    user = await signUp(ta, { email, name: 'Sari Wulandari', company: 'Toko Sari' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('answers 200 with the user and workspaces and sets an HttpOnly SameSite session cookie', async () => {
    const res = await login(ta, 'SARI@example.co.id ');
    expect(res.statusCode).toBe(200);
    const body = json<{ user: { id: string; email: string }; workspaces: { id: string; role: string }[] }>(res);
    expect(body.user).toMatchObject({ id: user.userId, email });
    expect(body.workspaces).toEqual([{ id: user.workspaceId, name: 'Toko Sari', role: 'owner' }]);
    const cookie = res.cookies.find((c) => c.name === 'kodepos_session');
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(String(cookie!.sameSite).toLowerCase()).toMatch(/^(lax|strict)$/);
    expect(cookie!.path).toBe('/');
    expect(cookie!.value.length).toBeGreaterThanOrEqual(40);
    const me = await call(ta, 'GET', '/api/v1/me', { cookie: sessionCookie(res) });
    expect(me.statusCode).toBe(200);
    expect(json<{ user: { id: string } }>(me).user.id).toBe(user.userId);
  });

  it('stores only the SHA-256 hash of the session token', async () => {
    const res = await login(ta, email);
    const token = res.cookies.find((c) => c.name === 'kodepos_session')!.value;
    const rows = await ta.ctx.db.k.selectFrom('sessions').selectAll().where('user_id', '=', user.userId).execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      for (const v of Object.values(r)) expect(String(v)).not.toContain(token);
    }
    expect(rows.filter((r) => r.token_hash === sha256Hex(token))).toHaveLength(1);
  });

  it('answers 401 invalid_credentials for a wrong password and for an unknown email, without a cookie', async () => {
    const wrong = await login(ta, email, 'not the password', { ip: '10.1.0.1' });
    expectError(wrong, 401, 'invalid_credentials');
    expect(wrong.cookies.find((c) => c.name === 'kodepos_session')).toBeUndefined();
    const unknown = await login(ta, 'nobody@example.co.id', PASSWORD, { ip: '10.1.0.1' });
    expectError(unknown, 401, 'invalid_credentials');
    expect(json<{ error: { message: string } }>(unknown).error.message).toBe(json<{ error: { message: string } }>(wrong).error.message);
  });

  it('refuses /me without a session and with a made-up cookie: 401 unauthenticated', async () => {
    expectError(await call(ta, 'GET', '/api/v1/me', {}), 401, 'unauthenticated');
    expectError(await call(ta, 'GET', '/api/v1/me', { cookie: 'kodepos_session=made-up-token' }), 401, 'unauthenticated');
  });

  it('logs out with 204, clears the cookie and revokes the session server-side', async () => {
    const res = await login(ta, email);
    const cookie = sessionCookie(res);
    const out = await call(ta, 'POST', '/api/v1/auth/logout', { cookie });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'kodepos_session');
    expect(cleared?.value ?? '').toBe('');
    expectError(await call(ta, 'GET', '/api/v1/me', { cookie }), 401, 'unauthenticated');
    const token = cookie.split('=')[1]!;
    const row = await ta.ctx.db.k.selectFrom('sessions').select('revoked_at').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    expectError(await call(ta, 'POST', '/api/v1/auth/logout', { cookie }), 401, 'unauthenticated');
  });

  it('ends a session when it expires', async () => {
    const cookie = sessionCookie(await login(ta, email));
    ta.clock.advance(ta.ctx.config.sessionTtlDays * DAY - 60_000);
    expect((await call(ta, 'GET', '/api/v1/me', { cookie })).statusCode).toBe(200);
    ta.clock.advance(2 * 60_000);
    expectError(await call(ta, 'GET', '/api/v1/me', { cookie }), 401, 'unauthenticated');
  });

  it('validates the login body: 400 validation_failed naming the field', async () => {
    const res = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email } });
    expectError(res, 400, 'validation_failed');
    expect(JSON.stringify(json(res))).toContain('password');
  });
});

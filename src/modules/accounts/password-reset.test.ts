import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { PASSWORD, call, expectError, login, mailedToken, newMails } from '../workspaces/test-support.js';

const NEW_PASSWORD = 'a brand new passphrase';

function requestReset(ta: TestApp, email: string) {
  return ta.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
}

function confirm(ta: TestApp, token: string, password = NEW_PASSWORD) {
  return ta.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password } });
}

describe.each(testDialects)('password reset on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('mails a link that sets a new password, revokes every session and sends a security notice', async () => {
    const email = 'hadi@example.com';
    const { cookie } = await signUp(ta, { email, name: 'Hadi' });
    await newMails(ta, email);
    const res = await requestReset(ta, email);
    expect(res.statusCode).toBe(202);
    const token = await mailedToken(ta, email, '/reset-password');
    const rows = await ta.ctx.db.k.selectFrom('email_tokens').select('token_hash').execute();
    expect(JSON.stringify(rows)).not.toContain(token);

    // The link alone does nothing until confirmed.
    expect((await call(ta, 'GET', '/api/v1/me', { cookie })).statusCode).toBe(200);
    const done = await confirm(ta, token);
    expect(done.statusCode).toBe(200);

    expectError(await call(ta, 'GET', '/api/v1/me', { cookie }), 401, 'unauthenticated');
    expectError(await login(ta, email, PASSWORD, { ip: '10.9.0.1' }), 401, 'invalid_credentials');
    expect((await login(ta, email, NEW_PASSWORD)).statusCode).toBe(200);

    const notices = (await newMails(ta, email)).filter((m) => /security/i.test(m.subject));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/password/i);
    expect(notices[0]!.text).not.toContain(NEW_PASSWORD);
  });

  it('uses a token once', async () => {
    const email = 'indah@example.com';
    await signUp(ta, { email });
    await requestReset(ta, email);
    const token = await mailedToken(ta, email, '/reset-password');
    expect((await confirm(ta, token)).statusCode).toBe(200);
    expectError(await confirm(ta, token, 'yet another passphrase'), 400, 'invalid_token');
    expect((await login(ta, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('voids older reset links once the password has been changed', async () => {
    const email = 'lukman@example.com';
    await signUp(ta, { email });
    await requestReset(ta, email);
    const older = await mailedToken(ta, email, '/reset-password');
    ta.clock.advance(2 * MINUTE);
    await requestReset(ta, email);
    const newer = await mailedToken(ta, email, '/reset-password');
    expect((await confirm(ta, newer)).statusCode).toBe(200);
    expectError(await confirm(ta, older, 'attacker chosen passphrase'), 400, 'invalid_token');
    expect((await login(ta, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('expires a token after one hour', async () => {
    const email = 'joko@example.com';
    await signUp(ta, { email });
    await requestReset(ta, email);
    const token = await mailedToken(ta, email, '/reset-password');
    ta.clock.advance(HOUR + MINUTE);
    expectError(await confirm(ta, token), 400, 'invalid_token');
    expect((await login(ta, email, PASSWORD)).statusCode).toBe(200);
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const res = await requestReset(ta, 'ghost@example.com');
    expect(res.statusCode).toBe(202);
    expect(await newMails(ta, 'ghost@example.com')).toEqual([]);
  });

  it('refuses a weak new password with 400 validation_failed and keeps the token usable', async () => {
    const email = 'kartika@example.com';
    await signUp(ta, { email });
    ta.clock.advance(MINUTE);
    await requestReset(ta, email);
    const token = await mailedToken(ta, email, '/reset-password');
    expectError(await confirm(ta, token, 'short'), 400, 'validation_failed');
    expect((await confirm(ta, token)).statusCode).toBe(200);
  });
});

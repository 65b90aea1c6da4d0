import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { PASSWORD, addMember, call, expectError, login, newMails } from '../workspaces/test-support.js';

function codeFor(ta: TestApp, secret: string, offsetMs = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: ta.clock.now().getTime() + offsetMs });
}

/** Turns two-factor on for the signed-in user; returns the secret and the recovery codes. */
async function enable2fa(ta: TestApp, cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await call(ta, 'POST', '/api/v1/auth/2fa/setup', { cookie });
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret } = json<{ secret: string }>(setup);
  const res = await call(ta, 'POST', '/api/v1/auth/2fa/enable', { cookie }, { code: codeFor(ta, secret) });
  expect(res.statusCode, res.body).toBe(200);
  return { secret, recoveryCodes: json<{ recoveryCodes: string[] }>(res).recoveryCodes };
}

describe.each(testDialects)('two-factor authentication on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let secret = '';
  let recoveryCodes: string[] = [];
  const email = 'lestari@example.com';

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email, name: 'Lestari' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('sets up with a secret and QR code, stores the secret sealed, and enables only with a right code', async () => {
    expectError(await call(ta, 'POST', '/api/v1/auth/2fa/setup', {}), 401, 'unauthenticated');
    const setup = await call(ta, 'POST', '/api/v1/auth/2fa/setup', { cookie: owner.cookie });
    expect(setup.statusCode).toBe(200);
    const body = json<{ secret: string; otpauthUrl: string; qrDataUrl: string }>(setup);
    secret = body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const row = await ta.ctx.db.k.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', owner.userId).executeTakeFirstOrThrow();
    expect(row.totp_secret).toBeTruthy();
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_enabled_at).toBeNull();

    expectError(await call(ta, 'POST', '/api/v1/auth/2fa/enable', { cookie: owner.cookie }, { code: '000000' === codeFor(ta, secret) ? '111111' : '000000' }), 400, 'invalid_totp');
    const res = await call(ta, 'POST', '/api/v1/auth/2fa/enable', { cookie: owner.cookie }, { code: codeFor(ta, secret) });
    expect(res.statusCode).toBe(200);
    recoveryCodes = json<{ recoveryCodes: string[] }>(res).recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await ta.ctx.db.k.selectFrom('users').select('recovery_codes').where('id', '=', owner.userId).executeTakeFirstOrThrow();
    for (const c of recoveryCodes) expect(stored.recovery_codes).not.toContain(c);

    const me = await call(ta, 'GET', '/api/v1/me', { cookie: owner.cookie });
    expect(json<{ user: { twoFactorEnabled: boolean } }>(me).user.twoFactorEnabled).toBe(true);
    expectError(await call(ta, 'POST', '/api/v1/auth/2fa/setup', { cookie: owner.cookie }), 409, 'two_factor_already_enabled');
  });

  it('asks for the code at login: missing 401 totp_required, wrong 401 invalid_totp, right 200', async () => {
    const missing = await login(ta, email);
    expectError(missing, 401, 'totp_required');
    expect(missing.cookies.find((c) => c.name === 'kodepos_session')).toBeUndefined();
    const wrongCode = String((Number(codeFor(ta, secret)) + 500_000) % 1_000_000).padStart(6, '0');
    expectError(await login(ta, email, PASSWORD, { totp: wrongCode }), 401, 'invalid_totp');
    // A right code with a wrong password is still a wrong password.
    expectError(await login(ta, email, 'not the password', { totp: codeFor(ta, secret) }), 401, 'invalid_credentials');
    // A code from the previous 30-second step is still accepted (clock drift), one from 5 minutes ago is not.
    expect((await login(ta, email, PASSWORD, { totp: codeFor(ta, secret, -30_000) })).statusCode).toBe(200);
    const ok = await login(ta, email, PASSWORD, { totp: codeFor(ta, secret) });
    expect(ok.statusCode).toBe(200);
    // Each step signs in once: the same code again, or an older one, is a replay.
    expectError(await login(ta, email, PASSWORD, { totp: codeFor(ta, secret) }), 401, 'invalid_totp');
    expectError(await login(ta, email, PASSWORD, { totp: codeFor(ta, secret, -30_000) }), 401, 'invalid_totp');
    ta.clock.advance(30_000);
    const stale = codeFor(ta, secret, -300_000);
    if (stale !== codeFor(ta, secret) && stale !== codeFor(ta, secret, -30_000) && stale !== codeFor(ta, secret, 30_000)) {
      expectError(await login(ta, email, PASSWORD, { totp: stale }), 401, 'invalid_totp');
    }
  });

  it('does not count a login that still needs its second factor as a failed attempt', async () => {
    for (let i = 0; i < 7; i++) expectError(await login(ta, email, PASSWORD, { ip: '10.7.0.1' }), 401, 'totp_required');
    ta.clock.advance(30_000);
    expect((await login(ta, email, PASSWORD, { ip: '10.7.0.1', totp: codeFor(ta, secret) })).statusCode).toBe(200);
  });

  it('accepts each recovery code once', async () => {
    const code = recoveryCodes[0]!;
    expect((await login(ta, email, PASSWORD, { totp: code })).statusCode).toBe(200);
    expectError(await login(ta, email, PASSWORD, { totp: code }), 401, 'invalid_totp');
    expect((await login(ta, email, PASSWORD, { totp: ` ${recoveryCodes[1]!.toUpperCase()} ` })).statusCode).toBe(200);
  });

  it('spends a recovery code once even when two logins race with it', async () => {
    const code = recoveryCodes[2]!;
    const both = await Promise.all([1, 2].map((i) => login(ta, email, PASSWORD, { totp: code, ip: `10.8.0.${i}` })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('requires two-factor on workspace routes of a workspace that demands it, but not on account routes', async () => {
    const member = await addMember(ta, owner, { email: 'made@example.com', name: 'Made' }, 'member');
    ta.clock.advance(30_000);
    const ownerCookie = (await login(ta, email, PASSWORD, { totp: codeFor(ta, secret) })).cookies.find((c) => c.name === 'kodepos_session')!;
    const oc = `kodepos_session=${ownerCookie.value}`;
    const patch = await call(ta, 'PATCH', '/api/v1/workspace', { cookie: oc }, { require2fa: true });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(json<{ require2fa: boolean }>(patch).require2fa).toBe(true);

    expectError(await call(ta, 'GET', '/api/v1/members', { cookie: member.cookie }), 403, 'two_factor_required');
    expectError(await call(ta, 'GET', '/api/v1/workspace', { cookie: member.cookie, workspaceId: owner.workspaceId }), 403, 'two_factor_required');
    expect((await call(ta, 'GET', '/api/v1/me', { cookie: member.cookie })).statusCode).toBe(200);
    expect((await call(ta, 'GET', '/api/v1/members', { cookie: oc })).statusCode).toBe(200);

    await enable2fa(ta, member.cookie);
    expect((await call(ta, 'GET', '/api/v1/members', { cookie: member.cookie })).statusCode).toBe(200);
  });

  it('turns two-factor off only with the password, and mails a security notice', async () => {
    await newMails(ta, email);
    expectError(await call(ta, 'POST', '/api/v1/auth/2fa/disable', { cookie: owner.cookie }, { password: 'not the password' }), 403, 'invalid_credentials');
    expect((await call(ta, 'GET', '/api/v1/me', { cookie: owner.cookie })).statusCode).toBe(200);
    expectError(await login(ta, email), 401, 'totp_required');

    const off = await call(ta, 'POST', '/api/v1/auth/2fa/disable', { cookie: owner.cookie }, { password: PASSWORD });
    expect(off.statusCode).toBe(204);
    expect((await login(ta, email)).statusCode).toBe(200);
    const row = await ta.ctx.db.k.selectFrom('users').select(['totp_secret', 'recovery_codes']).where('id', '=', owner.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, recovery_codes: null });
    const notices = (await newMails(ta, email)).filter((m) => /two-factor/i.test(m.text));
    expect(notices).toHaveLength(1);
  });
});

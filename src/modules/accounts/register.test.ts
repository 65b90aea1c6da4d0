import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, linkToken, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';

describe.each(testDialects)('registration on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('creates the user and workspace, records the policy version and mails a verification link', async () => {
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { name: 'Budi Santoso', email: 'Budi@Example.co.id', password: 'correct horse battery', company: 'Warung Budi', phone: '+62 812 3456 7890', ageConfirmed: true },
    });
    expect(res.statusCode).toBe(201);
    const body = json<{ user: { email: string; emailVerified: boolean }; workspace: { name: string; role: string }; acceptedPolicyVersion: string }>(res);
    expect(body.user.email).toBe('budi@example.co.id');
    expect(body.user.emailVerified).toBe(false);
    expect(body.workspace).toMatchObject({ name: 'Warung Budi', role: 'owner' });
    expect(body.acceptedPolicyVersion).toBe('1.0');
    await ta.drain();
    const mails = (await ta.outbox()).filter((m) => m.to.includes('budi@example.co.id'));
    expect(mails).toHaveLength(1);
    const token = linkToken(mails[0]!, '/verify-email');
    const v = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect(v.statusCode).toBe(200);
    const again = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect(again.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(again).error.code).toBe('invalid_token');
  });

  it('refuses under-18s and missing confirmation with `underage`, storing nothing', async () => {
    const base = { name: 'Anak', password: 'correct horse battery', company: 'Sekolah' };
    const young = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...base, email: 'kid@example.com', birthDate: '2012-05-01', ageConfirmed: true } });
    expect(young.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(young).error.code).toBe('underage');
    const unconfirmed = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...base, email: 'kid2@example.com', ageConfirmed: false } });
    expect(json<{ error: { code: string } }>(unconfirmed).error.code).toBe('underage');
    const users = await ta.ctx.db.k.selectFrom('users').select('email').where('email', 'in', ['kid@example.com', 'kid2@example.com']).execute();
    expect(users).toEqual([]);
  });

  it('answers 409 email_taken for a second sign-up with the same address', async () => {
    const payload = { name: 'A', email: 'dupe@example.com', password: 'correct horse battery', company: 'A Co', ageConfirmed: true };
    expect((await ta.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })).statusCode).toBe(201);
    const second = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...payload, email: 'DUPE@example.com' } });
    expect(second.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(second).error.code).toBe('email_taken');
  });
});

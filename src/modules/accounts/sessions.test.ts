import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { sha256Hex } from '../../lib/crypto.js';
import { call, expectError, loginCookie } from '../workspaces/test-support.js';
import { findLiveSession, findUserByEmail } from './repo.js';

interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ipTruncated: string | null;
  userAgent: string | null;
}

async function sessions(ta: TestApp, cookie: string): Promise<SessionItem[]> {
  const res = await call(ta, 'GET', '/api/v1/auth/sessions', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ data: SessionItem[] }>(res).data;
}

describe.each(testDialects)('sessions on %s', (dialect) => {
  let ta: TestApp;
  const email = 'nur@example.com';
  let other: { cookie: string; userId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    await signUp(ta, { email });
    other = await signUp(ta, { email: 'oki@example.com' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('finds the live session of a token with its user row whole, and nothing of the session in it', async () => {
    const cookie = await loginCookie(ta, email);
    const token = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1).split(';')[0] ?? '');
    const now = ta.clock.now().toISOString();
    const found = await findLiveSession(ta.ctx.db.k, sha256Hex(token), now);
    const user = await findUserByEmail(ta.ctx.db.k, email);
    expect(found?.user).toEqual(user);
    expect(Object.keys(found?.user ?? {}).filter((k) => k.startsWith('s_'))).toEqual([]);
    expect(found?.session.id).toMatch(/\S/);
    expect(await findLiveSession(ta.ctx.db.k, sha256Hex(`${token}x`), now)).toBeUndefined();
  });

  it('lists only your live sessions, the one you use flagged current, with a truncated IP', async () => {
    const a = await loginCookie(ta, email, undefined, { ip: '203.0.113.77' });
    const b = await loginCookie(ta, email);
    const list = await sessions(ta, a);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const mine = list.find((s) => s.current)!;
    expect(mine.ipTruncated).toBe('203.0.113.0');
    expect(list.length).toBeGreaterThanOrEqual(3);
    const ids = new Set(list.map((s) => s.id));
    const otherList = await sessions(ta, other.cookie);
    expect(otherList.some((s) => ids.has(s.id))).toBe(false);
    const fromB = await sessions(ta, b);
    expect(fromB.find((s) => s.current)!.id).not.toBe(mine.id);
  });

  it('revokes another of your sessions: that cookie is signed out, yours keeps working', async () => {
    const keep = await loginCookie(ta, email);
    const victim = await loginCookie(ta, email);
    const victimId = (await sessions(ta, victim)).find((s) => s.current)!.id;
    const res = await call(ta, 'DELETE', `/api/v1/auth/sessions/${victimId}`, { cookie: keep });
    expect(res.statusCode).toBe(204);
    expectError(await call(ta, 'GET', '/api/v1/me', { cookie: victim }), 401, 'unauthenticated');
    expect((await call(ta, 'GET', '/api/v1/me', { cookie: keep })).statusCode).toBe(200);
    expect((await sessions(ta, keep)).some((s) => s.id === victimId)).toBe(false);
    expectError(await call(ta, 'DELETE', `/api/v1/auth/sessions/${victimId}`, { cookie: keep }), 404, 'not_found');
  });

  it("answers 404 for someone else's session id and leaves it alive", async () => {
    const mine = await loginCookie(ta, email);
    const theirs = (await sessions(ta, other.cookie)).find((s) => s.current)!.id;
    expectError(await call(ta, 'DELETE', `/api/v1/auth/sessions/${theirs}`, { cookie: mine }), 404, 'not_found');
    expectError(await call(ta, 'DELETE', '/api/v1/auth/sessions/ses_doesnotexist', { cookie: mine }), 404, 'not_found');
    expect((await call(ta, 'GET', '/api/v1/me', { cookie: other.cookie })).statusCode).toBe(200);
  });

  it('needs a session to list or revoke', async () => {
    expectError(await call(ta, 'GET', '/api/v1/auth/sessions', {}), 401, 'unauthenticated');
    expectError(await call(ta, 'DELETE', '/api/v1/auth/sessions/ses_x', {}), 401, 'unauthenticated');
  });
});

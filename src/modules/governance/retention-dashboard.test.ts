import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { createTestApp, json, sessionCookie, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { fileVerified } from '../privacy/requests-test-support.js';
import { nextRunAt, type Dashboard } from './retention-dashboard.js';

describe('nextRunAt', () => {
  it('is the next 03:10 UTC', () => {
    expect(nextRunAt(new Date('2026-05-01T02:00:00Z')).toISOString()).toBe('2026-05-01T03:10:00.000Z');
    expect(nextRunAt(new Date('2026-05-01T03:10:00Z')).toISOString()).toBe('2026-05-02T03:10:00.000Z');
  });
});

describe.each(testDialects)('data-protection dashboard on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  const get = (scope: string, cookie?: string) =>
    ta.app.inject({ method: 'GET', url: `/api/v1/privacy/dashboard?scope=${scope}`, headers: cookie ? { cookie, 'x-workspace-id': owner.workspaceId } : {} });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'dpo@dashboard.example', name: 'Dina Officer', company: 'Toko Dasbor' });
    await fileVerified(ta, { type: 'access', email: 'subject@dashboard.example', workspaceId: owner.workspaceId });
    await fileVerified(ta, { type: 'deletion', email: 'platform-subject@dashboard.example' });
    for (const analytics of [true, true, false]) {
      const r = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: { purposes: { analytics, marketing: false, personalization: false, ads: false }, source: 'banner', visitorId: `vid_dash_${Math.random().toString(36).slice(2, 12)}` } });
      expect(r.statusCode).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('shows a workspace officer its open requests with deadlines, and no retention plan', async () => {
    const res = await get('workspace', owner.cookie);
    expect(res.statusCode).toBe(200);
    const d = json<Dashboard>(res);
    expect(d.requests.open).toBe(1);
    expect(d.requests.next[0]).toMatchObject({ type: 'access', status: 'open' });
    expect(d.retention).toBeNull();
    expect(d.breaches).toEqual({ open: 0, overdue: 0 });
  });

  it('shows an operator the platform: requests, the next retention run and what it touches, consent rates', async () => {
    expect((await get('platform', owner.cookie)).statusCode).toBe(403);
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', owner.userId).execute();
    const reported = await ta.app.inject({ method: 'POST', url: '/api/v1/privacy/breaches?scope=platform', headers: { cookie: owner.cookie }, payload: { title: 'Lost laptop', awareAt: ta.clock.now().toISOString(), nature: 'A laptop with an export was stolen', dataCategories: ['contact'], approxSubjects: 12 } });
    expect(reported.statusCode).toBe(201);
    ta.clock.advance(40 * DAY);
    const login = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'dpo@dashboard.example', password: 'correct horse battery' } });
    const d = json<Dashboard>(await get('platform', sessionCookie(login)));
    expect(d.requests).toMatchObject({ open: 1, overdue: 1 });
    expect(d.breaches).toEqual({ open: 1, overdue: 1 });
    expect(d.requests.next[0]?.type).toBe('deletion');
    expect(d.retention?.nextRunAt).toMatch(/T03:10:00\.000Z$/);
    // The sign-up's verification token expired long ago: the next run deletes it (and touches nothing else of the account).
    expect(d.retention?.actions.some((a) => a.action === 'delete')).toBe(true);
    expect(d.retention?.actions.some((a) => a.table === 'users')).toBe(false);
    expect(d.consent.purposes.find((p) => p.purpose === 'analytics')).toMatchObject({ granted: 2, denied: 1, rate: 0.667 });
  });

  it('answers 401 without a session and 400 for an unknown scope', async () => {
    expect((await get('platform')).statusCode).toBe(401);
    const bad = await get('galaxy', owner.cookie);
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('validation_failed');
  });
});

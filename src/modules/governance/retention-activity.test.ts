import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { resetActivityGuard } from './retention-activity.js';

/** Last activity: counted on every signed-in request and API call, written at most once per user per day. */
describe.each(testDialects)('last activity on %s', (dialect) => {
  let ta: TestApp;
  let who: { cookie: string; userId: string; workspaceId: string };
  const T0 = new Date('2026-03-02T10:00:00.000Z');
  const lastActive = async (): Promise<string | null> =>
    (await ta.ctx.db.k.selectFrom('users').select('last_active_at').where('id', '=', who.userId).executeTakeFirstOrThrow()).last_active_at;

  beforeAll(async () => {
    resetActivityGuard();
    ta = await createTestApp(dialect);
    ta.clock.set(T0);
    who = await signUp(ta, { email: 'active@retention.example' });
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('sign-in sets it; further requests that day write nothing; the next day’s first request moves it', async () => {
    expect(await lastActive()).toBe(T0.toISOString());
    const spy = vi.spyOn(ta.ctx.db.k, 'updateTable');
    ta.clock.set(new Date(T0.getTime() + 3 * 3600_000));
    for (let i = 0; i < 5; i++) expect((await ta.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: who.cookie } })).statusCode).toBe(200);
    // One session touch (the 5-minute rule) and one guarded users update at most; never one per request.
    expect(spy.mock.calls.filter(([t]) => t === 'users').length).toBeLessThanOrEqual(1);
    expect(await lastActive()).toBe(T0.toISOString());
    spy.mockRestore();
    const nextDay = new Date(T0.getTime() + DAY);
    ta.clock.set(nextDay);
    await ta.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: who.cookie } });
    expect(await lastActive()).toBe(nextDay.toISOString());
  });

  it('an API call counts as activity of the user who created the key', async () => {
    const created = await ta.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: who.cookie, 'x-workspace-id': who.workspaceId }, payload: { name: 'Sync', scopes: ['read'] } });
    expect(created.statusCode).toBe(201);
    const { key } = json<{ key: string }>(created);
    const later = new Date(T0.getTime() + 40 * DAY);
    ta.clock.set(later);
    expect((await ta.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    expect(await lastActive()).toBe(later.toISOString());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError } from '../workspaces/test-support.js';
import { owner, type Auth } from './tickets-test-support.js';

type Settings = { autoAssign: string; csatEnabled: boolean; portalEnabled: boolean; defaultLocale: string; inboundToken: string; inboundAddress: string; portalUrl: string };

describe.each(testDialects)('help desk settings on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('starts from the defaults with a 32-character inbound token, changes them for admins only, rotates the token', async () => {
    const first = json<Settings>(await call(ta, 'GET', '/api/v1/service/settings', a));
    expect(first).toMatchObject({ autoAssign: 'none', csatEnabled: true, portalEnabled: true, defaultLocale: 'en', portalUrl: `http://kodepos.test/support/${a.workspaceId}` });
    expect(first.inboundToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.inboundAddress).toBe(`support+${first.inboundToken}@kodepos.test`);
    const res = await call(ta, 'PATCH', '/api/v1/service/settings', a, { autoAssign: 'round_robin', csatEnabled: false, defaultLocale: 'id' });
    expect(json<Settings>(res)).toMatchObject({ autoAssign: 'round_robin', csatEnabled: false, portalEnabled: true, defaultLocale: 'id', inboundToken: first.inboundToken });
    expectError(await call(ta, 'PATCH', '/api/v1/service/settings', a, { autoAssign: 'random' }), 400, 'validation_failed');
    const member = await addMember(ta, a, { email: `settings-m-${dialect}@example.com` }, 'member');
    expect((await call(ta, 'GET', '/api/v1/service/settings', member)).statusCode).toBe(200);
    expectError(await call(ta, 'PATCH', '/api/v1/service/settings', member, { csatEnabled: true }), 403, 'forbidden');
    const rotated = json<Settings>(await call(ta, 'POST', '/api/v1/service/settings/rotate-inbound-token', a));
    expect(rotated.inboundToken).not.toBe(first.inboundToken);
    const ws = await ta.ctx.db.k.selectFrom('service_settings').select('workspace_id').where('inbound_token', '=', first.inboundToken).executeTakeFirst();
    expect(ws).toBeUndefined();
    const actions = (await ta.ctx.db.k.selectFrom('audit_log').select('action').where('workspace_id', '=', a.workspaceId).execute()).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['service.settings_changed', 'service.inbound_token_rotated']));
  });

  it('canned responses: create, search by title or shortcut, change, delete; other workspaces see none', async () => {
    const res = await call(ta, 'POST', '/api/v1/service/canned-responses', a, { title: 'Password reset', body: 'Use the link on the sign-in page.', shortcut: 'pw' });
    expect(res.statusCode, res.body).toBe(201);
    const c = json<{ id: string; createdBy: string }>(res);
    expect(c.createdBy).toBe(a.userId);
    await call(ta, 'POST', '/api/v1/service/canned-responses', a, { title: 'Refund policy', body: '30 days.' });
    const found = json<{ data: { title: string }[] }>(await call(ta, 'GET', '/api/v1/service/canned-responses?q=pw', a));
    expect(found.data.map((x) => x.title)).toEqual(['Password reset']);
    expectError(await call(ta, 'POST', '/api/v1/service/canned-responses', a, { title: 'x', body: 'y', shortcut: 'has space' }), 400, 'validation_failed');
    const changed = await call(ta, 'PATCH', `/api/v1/service/canned-responses/${c.id}`, a, { body: 'New text' });
    expect(json<{ body: string }>(changed).body).toBe('New text');
    const other = await owner(ta, 'canned-other');
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/service/canned-responses', other)).data).toEqual([]);
    expectError(await call(ta, 'PATCH', `/api/v1/service/canned-responses/${c.id}`, other, { body: 'hijack' }), 404, 'not_found');
    expect((await call(ta, 'DELETE', `/api/v1/service/canned-responses/${c.id}`, a)).statusCode).toBe(204);
    expectError(await call(ta, 'GET', `/api/v1/service/canned-responses/${c.id}`, a), 404, 'not_found');
  });
});

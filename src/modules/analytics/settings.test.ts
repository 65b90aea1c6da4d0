import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, createKey, expectError, type Member } from '../workspaces/test-support.js';
import { analyticsSettings, updateAnalyticsSettings } from './service.js';

const WS = '/api/v1/analytics/settings';
const PLATFORM = '/api/v1/platform/analytics/settings';
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

interface Settings {
  mode: string;
  retentionMonths: number;
}

describe.each(testDialects)('analytics settings on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };
  let member: Member;
  let operator: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@settings.example', company: 'Toko Setelan' });
    other = await signUp(ta, { email: 'other@settings.example', company: 'Toko Lain' });
    member = await addMember(ta, owner, { email: 'member@settings.example' }, 'member');
    operator = await signUp(ta, { email: 'operator@settings.example', company: 'Operator' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', operator.userId).execute();
  });
  afterAll(async () => {
    await ta.close();
  });

  const audits = (action: string) => ta.ctx.db.k.selectFrom('audit_log').select(['actor_type', 'actor_id', 'workspace_id', 'target_type', 'target_id', 'details']).where('action', '=', action).orderBy('seq').execute();

  it('a workspace starts at hash mode and 24 months; its owner changes them, audited', async () => {
    expect(json<Settings>(await call(ta, 'GET', WS, owner))).toEqual({ mode: 'hash', retentionMonths: 24 });
    const res = await call(ta, 'PATCH', WS, owner, { mode: 'none', retentionMonths: 6 });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Settings>(res)).toEqual({ mode: 'none', retentionMonths: 6 });
    expect(await analyticsSettings(ta.ctx, owner.workspaceId)).toEqual({ mode: 'none', retentionMonths: 6 });
    // A partial change keeps the other field.
    expect(json<Settings>(await call(ta, 'PATCH', WS, owner, { retentionMonths: 120 }))).toEqual({ mode: 'none', retentionMonths: 120 });
    const entries = (await audits('analytics.settings_changed')).filter((a) => a.workspace_id === owner.workspaceId);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, target_type: 'workspace', target_id: owner.workspaceId });
    expect(JSON.parse(String(entries[0]?.details))).toEqual({ from: { mode: 'hash', retentionMonths: 24 }, to: { mode: 'none', retentionMonths: 6 } });
    // Sending the current values again changes and audits nothing.
    await call(ta, 'PATCH', WS, owner, { mode: 'none' });
    expect((await audits('analytics.settings_changed')).filter((a) => a.workspace_id === owner.workspaceId)).toHaveLength(2);
    // Other workspaces are untouched.
    expect(json<Settings>(await call(ta, 'GET', WS, other))).toEqual({ mode: 'hash', retentionMonths: 24 });
  });

  it('a new mode applies to ingestion at once on this node', async () => {
    await call(ta, 'PATCH', WS, other, { mode: 'hash' });
    const event = { workspaceId: other.workspaceId, type: 'pageview', url: 'https://lain.example/', pageId: `settings-${dialect}-page-00001` };
    const send = () => ta.app.inject({ method: 'POST', url: '/public/v1/events', payload: event, headers: { 'user-agent': UA }, remoteAddress: '192.0.2.10' });
    expect(json<{ recorded: boolean }>(await send()).recorded).toBe(true);
    await call(ta, 'PATCH', WS, other, { mode: 'none' });
    expect(json<{ recorded: boolean }>(await send()).recorded).toBe(false);
    await call(ta, 'PATCH', WS, other, { mode: 'hash' });
  });

  it('refuses a plain member, a read-only key and bad values; an API key with the admin scope may', async () => {
    expectError(await call(ta, 'GET', WS, member), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', WS, member, { mode: 'hash' }), 403, 'forbidden');
    const readKey = await createKey(ta, owner, ['read', 'write']);
    expectError(await call(ta, 'PATCH', WS, { key: readKey.key }, { mode: 'hash' }), 403, 'forbidden');
    const adminKey = await createKey(ta, owner, ['admin']);
    expect((await call(ta, 'GET', WS, { key: adminKey.key })).statusCode).toBe(200);
    for (const body of [{ retentionMonths: 0 }, { retentionMonths: 121 }, { retentionMonths: 1.5 }, { mode: 'all' }, { retentionMonths: '12' }]) {
      expectError(await call(ta, 'PATCH', WS, owner, body), 400, 'validation_failed');
    }
    await expect(updateAnalyticsSettings(ta.ctx, owner.workspaceId, { retentionMonths: 500 }, { type: 'system', id: null })).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
    expectError(await ta.app.inject({ method: 'GET', url: WS }), 401, 'unauthenticated');
  });

  it('reaches only workspaces the caller belongs to', async () => {
    expectError(await call(ta, 'GET', WS, { cookie: owner.cookie, workspaceId: other.workspaceId }), 404, 'not_found');
    expectError(await call(ta, 'PATCH', WS, { cookie: owner.cookie, workspaceId: other.workspaceId }, { mode: 'none' }), 404, 'not_found');
    expect(json<Settings>(await call(ta, 'GET', WS, other)).mode).toBe('hash');
    await expect(analyticsSettings(ta.ctx, 'wsp_missing')).rejects.toMatchObject({ status: 404 });
  });

  it('the platform site has its own settings, for operators only, audited', async () => {
    expectError(await call(ta, 'GET', PLATFORM, owner), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', PLATFORM, owner, { mode: 'none' }), 403, 'forbidden');
    expect(json<Settings>(await call(ta, 'GET', PLATFORM, operator))).toEqual({ mode: 'hash', retentionMonths: 24 });
    const res = await call(ta, 'PATCH', PLATFORM, operator, { mode: 'none', retentionMonths: 36 });
    expect(json<Settings>(res)).toEqual({ mode: 'none', retentionMonths: 36 });
    expect(await analyticsSettings(ta.ctx, null)).toEqual({ mode: 'none', retentionMonths: 36 });
    const stored = await ta.ctx.db.k.selectFrom('platform_settings').select(['key', 'value']).where('key', 'like', 'analytics_%').orderBy('key').execute();
    expect(stored).toEqual([{ key: 'analytics_mode', value: 'none' }, { key: 'analytics_retention_months', value: '36' }]);
    const [entry] = (await audits('analytics.settings_changed')).filter((a) => a.workspace_id === null);
    expect(entry).toMatchObject({ actor_type: 'operator', actor_id: operator.userId, target_type: 'platform', target_id: 'analytics' });
    // Workspaces keep theirs.
    expect(json<Settings>(await call(ta, 'GET', WS, other)).mode).toBe('hash');
    expectError(await call(ta, 'PATCH', PLATFORM, operator, { retentionMonths: 0 }), 400, 'validation_failed');
  });
});

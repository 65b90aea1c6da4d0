import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { createTestApp, json, linkToken, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { PASSWORD, call, expectError, login, newMails } from '../workspaces/test-support.js';
import { ACCOUNT_DELETION_JOB } from './requests-jobs.js';
import { confirmEmail } from './requests-test-support.js';

describe.each(testDialects)('self-service privacy controls on %s', (dialect) => {
  let ta: TestApp;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  const me = async (cookie: string) => json<{ user: { deletionScheduledAt: string | null } }>(await call(ta, 'GET', '/api/v1/me', { cookie })).user;
  const put = (cookie: string, payload: unknown) => ta.app.inject({ method: 'PUT', url: '/api/v1/me/email-preferences', headers: { cookie }, payload: payload as Record<string, unknown> });

  it('emails a download link to a copy of my data', async () => {
    const u = await signUp(ta, { email: 'unduh@self.example', name: 'Umar Unduh' });
    expectError(await call(ta, 'POST', '/api/v1/me/export', {}), 401, 'unauthenticated');
    expectError(await call(ta, 'POST', '/api/v1/me/export', { cookie: u.cookie }), 403, 'email_unverified');
    await confirmEmail(ta, 'unduh@self.example');
    const res = await call(ta, 'POST', '/api/v1/me/export', { cookie: u.cookie });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);
    const mail = (await newMails(ta, 'unduh@self.example')).find((m) => m.subject === 'Your personal data is ready to download');
    expect(linkToken(mail!, '/privacy/download')).toBeTruthy();
    const row = await ta.ctx.db.k.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: 'portability', status: 'completed', user_id: u.userId, workspace_id: null });
  });

  it('schedules deletion after 14 days, cancels it, and signing in cancels it too', async () => {
    const u = await signUp(ta, { email: 'hapus@self.example', name: 'Hana Hapus' });
    expectError(await call(ta, 'POST', '/api/v1/me/deletion', { cookie: u.cookie }, { password: 'wrong password here' }), 401, 'invalid_credentials');
    expectError(await call(ta, 'DELETE', '/api/v1/me/deletion', { cookie: u.cookie }), 409, 'no_deletion_pending');
    const res = await call(ta, 'POST', '/api/v1/me/deletion', { cookie: u.cookie }, { password: PASSWORD });
    expect(res.statusCode, res.body).toBe(202);
    const { scheduledAt } = json<{ scheduledAt: string }>(res);
    expect(new Date(scheduledAt).getTime() - ta.clock.now().getTime()).toBe(14 * DAY);
    expect((await me(u.cookie)).deletionScheduledAt).toBe(scheduledAt);
    expect((await newMails(ta, 'hapus@self.example')).map((m) => m.subject)).toContain('Your account will be deleted');
    expect((await call(ta, 'DELETE', '/api/v1/me/deletion', { cookie: u.cookie })).statusCode).toBe(200);
    expect((await me(u.cookie)).deletionScheduledAt).toBeNull();

    await call(ta, 'POST', '/api/v1/me/deletion', { cookie: u.cookie }, { password: PASSWORD });
    expect((await login(ta, 'hapus@self.example')).statusCode).toBe(200);
    const row = await ta.ctx.db.k.selectFrom('users').select(['status', 'deletion_scheduled_at']).where('id', '=', u.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', deletion_scheduled_at: null });
  });

  it('keeps a restricted account read-only and says so in /me', async () => {
    const u = await signUp(ta, { email: 'batas@self.example', name: 'Bima Batas' });
    await ta.ctx.db.k.updateTable('users').set({ restricted: 1 }).where('id', '=', u.userId).execute();
    const me1 = json<{ user: { restricted: boolean } }>(await call(ta, 'GET', '/api/v1/me', { cookie: u.cookie })).user;
    expect(me1.restricted).toBe(true);
    expectError(await ta.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: u.cookie }, payload: { name: 'Changed' } }), 409, 'subject_restricted');
    await ta.ctx.db.k.updateTable('users').set({ restricted: 0 }).where('id', '=', u.userId).execute();
    expect((await ta.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: u.cookie }, payload: { name: 'Changed' } })).statusCode).toBe(200);
  });

  it('refuses to close the account of the only owner of a workspace others still use', async () => {
    const owner = await signUp(ta, { email: 'pemilik@self.example', name: 'Putri Pemilik' });
    const colleague = await signUp(ta, { email: 'rekan@self.example', name: 'Rudi Rekan' });
    await ta.ctx.db.k.insertInto('workspace_members').values({ id: 'mem_rekan', workspace_id: owner.workspaceId, user_id: colleague.userId, role: 'member', created_at: ta.clock.now().toISOString() }).execute();
    const res = await call(ta, 'POST', '/api/v1/me/deletion', { cookie: owner.cookie }, { password: PASSWORD });
    expectError(res, 409, 'sole_owner');
    expect(JSON.stringify(json(res))).toContain(owner.workspaceId);
    // A second owner lifts the objection.
    await ta.ctx.db.k.updateTable('workspace_members').set({ role: 'owner' }).where('id', '=', 'mem_rekan').execute();
    expect((await call(ta, 'POST', '/api/v1/me/deletion', { cookie: owner.cookie }, { password: PASSWORD })).statusCode).toBe(202);
  });

  it('erases the account through the engine once the grace period has passed', async () => {
    const keep = await signUp(ta, { email: 'tetap@self.example', name: 'Tina Tetap' });
    const gone = await signUp(ta, { email: 'pergi@self.example', name: 'Pandu Pergi' });
    await call(ta, 'POST', '/api/v1/me/deletion', { cookie: gone.cookie }, { password: PASSWORD });
    await call(ta, 'POST', '/api/v1/me/deletion', { cookie: keep.cookie }, { password: PASSWORD });
    await call(ta, 'DELETE', '/api/v1/me/deletion', { cookie: keep.cookie });
    ta.clock.advance(13 * DAY);
    await ta.ctx.queue.enqueue(ACCOUNT_DELETION_JOB, {});
    await ta.drain();
    expect((await ta.ctx.db.k.selectFrom('users').select('status').where('id', '=', gone.userId).executeTakeFirstOrThrow()).status).toBe('pending_deletion');
    ta.clock.advance(2 * DAY);
    await ta.ctx.queue.enqueue(ACCOUNT_DELETION_JOB, {});
    await ta.drain();
    const erased = await ta.ctx.db.k.selectFrom('users').selectAll().where('id', '=', gone.userId).executeTakeFirstOrThrow();
    expect(erased.status).toBe('anonymised');
    expect(JSON.stringify(erased)).not.toContain('pergi@self.example');
    expect(JSON.stringify(erased)).not.toContain('Pandu');
    const kept = await ta.ctx.db.k.selectFrom('users').selectAll().where('id', '=', keep.userId).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'active', email: 'tetap@self.example', name: 'Tina Tetap' });
    expect((await login(ta, 'pergi@self.example')).statusCode).toBe(401);
  });

  it('keeps email preferences as marketing consent records; security alerts stay on', async () => {
    const u = await signUp(ta, { email: 'pref@self.example', name: 'Putri Pref' });
    expect(json(await call(ta, 'GET', '/api/v1/me/email-preferences', { cookie: u.cookie }))).toEqual({ productUpdates: false, promotions: false, securityAlerts: true });
    const res = await put(u.cookie, { productUpdates: true, promotions: false, securityAlerts: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ productUpdates: true, promotions: false, securityAlerts: true });
    ta.clock.advance(1000);
    expect(json(await put(u.cookie, { productUpdates: false, promotions: true }))).toEqual({ productUpdates: false, promotions: true, securityAlerts: true });
    const records = await ta.ctx.db.k.selectFrom('consent_records').select(['purpose', 'granted', 'source', 'wording_version']).where('user_id', '=', u.userId).orderBy('created_at').orderBy('id').execute();
    expect(records).toEqual([
      { purpose: 'marketing', granted: 1, source: 'preference_centre', wording_version: 'email:product_updates' },
      expect.objectContaining({ granted: expect.any(Number) }),
      expect.objectContaining({ granted: expect.any(Number) }),
    ]);
    expectError(await put(u.cookie, { productUpdates: 'yes' }), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/me/email-preferences', {}), 401, 'unauthenticated');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { createTestApp, readOutbox, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { plantCanaries, rawCopies } from '../privacy/engine-test-support.js';
import { resolveSubject } from '../privacy/subject.js';
import { DATAMAP } from '../privacy/datamap.js';
import { planRetention, planSummary, runRetention } from './retention.js';
import { demoRequestDays } from './retention-policy.js';

/**
 * The retention engine under a controlled clock: the 24-month rule, the warning 30 days before
 * (once), a sign-in cancelling it, a legal hold kept, and no canary of the anonymised account left.
 */
describe.each(testDialects)('retention engine on %s', (dialect) => {
  let ta: TestApp;
  const T0 = new Date('2026-01-10T09:00:00.000Z');
  const at = (days: number): Date => new Date(T0.getTime() + days * DAY);
  const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const login = (email: string) => ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct horse battery' } });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set(T0);
    ids.a = (await signUp(ta, { email: 'ret-a@retention.example', name: 'Ayu Lama' })).userId;
    ids.b = (await signUp(ta, { email: 'ret-b@retention.example', name: 'Bima Aktif' })).userId;
    ids.c = (await signUp(ta, { email: 'ret-c@retention.example', name: 'Citra Kembali' })).userId;
    await ta.ctx.db.k.updateTable('users').set({ locale: 'id' }).where('id', '=', ids.c).execute();
    // A legal hold: the proof of which policy version A accepted outlives the account (legal obligation).
    await ta.ctx.db.k.insertInto('policy_versions').values({ id: 'pv_ret', version: 'ret-1', markdown: '# Policy', effective_at: T0.toISOString(), material: 0, published_at: T0.toISOString(), created_at: T0.toISOString() }).execute();
    await ta.ctx.db.k.insertInto('policy_acceptances').values({ id: 'pa_ret_a', user_id: ids.a, policy_version_id: 'pv_ret', ip_truncated: '203.0.113.0', user_agent: 'Firefox', accepted_at: T0.toISOString() }).execute();
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  const accountActions = async (d: Date) => (await planRetention(ta.ctx, d)).filter((x) => x.table === 'users');

  it('does nothing to an account active within 23 months, warns on day 700, once, in the account’s language', async () => {
    ta.clock.set(at(400));
    expect((await login('ret-b@retention.example')).statusCode).toBe(200);
    expect(await accountActions(at(699))).toEqual([]);
    ta.clock.set(at(701));
    const plan = await accountActions(at(701));
    expect(plan.map((x) => [x.id, x.action]).sort()).toEqual([[ids.a, 'warn'], [ids.c, 'warn']].sort());
    const before = (await readOutbox(ta.t.dataDir)).length;
    const r = await runRetention(ta.ctx);
    expect(r).toMatchObject({ warned: 2, anonymised: 0, failed: 0 });
    const mails = (await readOutbox(ta.t.dataDir)).slice(before);
    expect(mails.map((m) => m.to).sort()).toEqual(['ret-a@retention.example', 'ret-c@retention.example']);
    expect(mails.find((m) => m.to.includes('ret-c'))?.subject).toBe('Akun Kodepos Anda akan dianonimkan');
    expect(mails.find((m) => m.to.includes('ret-a'))?.subject).toBe('Your Kodepos account will be anonymised');
    // The next day's run sends nothing new and erases nobody: the 30 days have not passed.
    ta.clock.set(at(702));
    expect(await runRetention(ta.ctx)).toMatchObject({ warned: 0, anonymised: 0 });
    expect((await readOutbox(ta.t.dataDir)).length).toBe(before + 2);
    const audit = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'retention.inactivity_warned').execute();
    expect(audit.map((x) => x.target_id).sort()).toEqual([ids.a, ids.c].sort());
  });

  it('a sign-in cancels the warning', async () => {
    ta.clock.set(at(705));
    expect((await login('ret-c@retention.example')).statusCode).toBe(200);
    expect((await accountActions(at(731))).map((x) => [x.id, x.action])).toEqual([[ids.a, 'anonymise']]);
  });

  it('anonymises after 24 months through the erasure engine: legal hold kept, no canary left', async () => {
    ta.clock.set(at(731));
    const rows = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: ['ret-a@retention.example'], phones: [], userId: ids.a });
    const lastActive = await ta.ctx.db.k.selectFrom('users').select('last_active_at').where('id', '=', ids.a).executeTakeFirstOrThrow();
    const notice = await ta.ctx.db.k.selectFrom('retention_notices').selectAll().where('user_id', '=', ids.a).executeTakeFirstOrThrow();
    // The canaries go everywhere but the times the rule itself reads (on SQLite they are text columns too).
    const clock = new Set(['users.last_active_at', 'retention_notices.warned_at', 'retention_notices.inactive_since']);
    const planted = (await plantCanaries(ta.ctx, rows, 'rt', { n: 0 })).filter((p) => !clock.has(`${p.table}.${p.column}`));
    await ta.ctx.db.k.updateTable('users').set({ last_active_at: lastActive.last_active_at }).where('id', '=', ids.a).execute();
    await ta.ctx.db.k.updateTable('retention_notices').set({ warned_at: notice.warned_at, inactive_since: notice.inactive_since }).where('id', '=', notice.id).execute();
    expect(planted.length).toBeGreaterThan(5);
    const r = await runRetention(ta.ctx);
    expect(r).toMatchObject({ anonymised: 1, warned: 0, failed: 0 });
    const copies = rawCopies(ta);
    const leaked = planted.filter((p) => !p.held && copies.some((b) => b.includes(p.canary)));
    expect(leaked.map((p) => `${p.table}.${p.column}`)).toEqual([]);
    const user = await ta.ctx.db.k.selectFrom('users').select(['status', 'email', 'name']).where('id', '=', ids.a).executeTakeFirstOrThrow();
    expect(user.status).toBe('anonymised');
    expect(user.email).not.toContain('ret-a@');
    const held = await ta.ctx.db.k.selectFrom('policy_acceptances').selectAll().where('id', '=', 'pa_ret_a').executeTakeFirstOrThrow();
    expect(held.policy_version_id).toBe('pv_ret');
    expect(held.accepted_at).toBeTruthy();
    expect(held.ip_truncated).toBeNull();
    // B and C are untouched; nothing is planned for A any more.
    const others = await ta.ctx.db.k.selectFrom('users').select(['id', 'status']).where('id', 'in', [ids.b, ids.c]).execute();
    expect(others.every((u) => u.status === 'active')).toBe(true);
    expect(await accountActions(at(760))).toEqual([]);
    const audit = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['retention.account_anonymised', 'retention.run']).execute();
    expect(audit.some((x) => x.action === 'retention.account_anonymised')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('ret-a@');
  });

  it('deletes rows past their data-map period (expired sessions) and plans nothing changing', async () => {
    const expired = await planRetention(ta.ctx, at(2000));
    const sessions = expired.filter((x) => x.table === 'sessions');
    expect(sessions.length).toBeGreaterThan(0);
    const count = async () => (await ta.ctx.db.k.selectFrom('sessions').select('id').execute()).length;
    const n = await count();
    expect(n).toBeGreaterThan(0);
    ta.clock.set(at(2000));
    const r = await runRetention(ta.ctx);
    expect(r.deleted.sessions).toBe(sessions.length);
    expect(await count()).toBe(n - sessions.length);
  });

  it('deletes unconverted platform demo requests after a year, keeps those whose address became an account', async () => {
    const k = ta.ctx.db.k;
    const sent = at(2000).toISOString();
    await k.insertInto('forms').values({ id: 'frm_demo_ret', workspace_id: null, name: 'Request a demo', kind: 'demo_request', status: 'published', fields: '[]', consents: '[]', owner_pool: '[]', rr_counter: 0, age_gate: 1, created_by: null, created_at: sent, updated_at: sent }).execute();
    const submission = (id: string, email: string) => ({ id, form_id: 'frm_demo_ret', workspace_id: null, contact_id: null, email, answers: '{}', consents: '[]', visitor_id: null, ip_truncated: null, user_agent: null, assignee_id: null, task_id: null, status: 'new' as const, created_at: sent });
    await k.insertInto('form_submissions').values([submission('fs_ret_lead', 'lead@retention.example'), submission('fs_ret_user', 'ret-b@retention.example')]).execute();
    // A workspace's submission as old: the workspace keeps it (the period is for demo requests only).
    const ws = await k.selectFrom('workspace_members').select('workspace_id').where('user_id', '=', ids.b).executeTakeFirstOrThrow();
    await k.insertInto('forms').values({ id: 'frm_ws_ret', workspace_id: ws.workspace_id, name: 'Leads', kind: 'web_to_lead', status: 'published', fields: '[]', consents: '[]', owner_pool: '[]', rr_counter: 0, age_gate: 1, created_by: null, created_at: sent, updated_at: sent }).execute();
    await k.insertInto('form_submissions').values({ ...submission('fs_ret_ws', 'lead@retention.example'), form_id: 'frm_ws_ret', workspace_id: ws.workspace_id }).execute();
    const demo = async (days: number) => (await planRetention(ta.ctx, at(days))).filter((x) => x.table === 'form_submissions').map((x) => x.id);
    expect(await demo(2300)).toEqual([]);
    expect(await demo(2366)).toEqual(['fs_ret_lead']);
    expect((await planSummary(ta.ctx, at(2366))).filter((x) => x.table === 'form_submissions')).toEqual([{ table: 'form_submissions', action: 'delete', rows: 1 }]);
    // The period is the data map's entry for form submissions, not a constant of its own.
    const entry = DATAMAP.form_submissions!;
    expect(demoRequestDays()).toBe(entry.retention.days);
    entry.retention.days = 400;
    try {
      expect(await demo(2366)).toEqual([]);
      expect(await demo(2401)).toEqual(['fs_ret_lead']);
    } finally {
      entry.retention.days = 365;
    }
    ta.clock.set(at(2366));
    // B signs in again (else B's own inactivity erasure would take the submission with the account).
    expect((await login('ret-b@retention.example')).statusCode).toBe(200);
    expect((await runRetention(ta.ctx)).deleted.form_submissions).toBe(1);
    expect((await k.selectFrom('form_submissions').select('id').where('form_id', '=', 'frm_demo_ret').execute()).map((r) => r.id)).toEqual(['fs_ret_user']);
    expect(await k.selectFrom('form_submissions').select('id').where('id', '=', 'fs_ret_ws').execute()).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { eraseSubject } from '../privacy/erasure.js';
import { collectSubjectData } from '../privacy/export.js';
import { resolveSubject } from '../privacy/subject.js';
import { call } from '../workspaces/test-support.js';
import { ensureDemoForm } from './demo.js';
import type { FormView, SubmissionView } from './forms-schema.js';
import { createForm, leadForm, type Who } from './forms-test-support.js';

const post = (ta: TestApp, url: string, body: string, ip: string) =>
  ta.app.inject({ method: 'POST', url, remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });

describe.each(testDialects)('hosted form pages and the demo form on %s', (dialect) => {
  let ta: TestApp;
  let owner: Who & { userId: string };
  let op: Who & { userId: string };
  let form: FormView;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@kedai.example', name: 'Kiki Owner' });
    op = await signUp(ta, { email: 'sales@kodepos.example', name: 'Operator Sales' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', op.userId).execute();
    form = await createForm(ta, owner, leadForm([owner.userId]));
  });
  afterAll(async () => ta?.close());

  it('renders a labelled form in English and Bahasa Indonesia, never pre-ticked, with a hidden honeypot', async () => {
    const en = await ta.app.inject({ method: 'GET', url: `/f/${form.id}` });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en"');
    // The banner on a workspace's hosted page records choices and visits for that workspace's site.
    expect(en.body).toContain(`data-workspace="${owner.workspaceId}"`);
    expect(en.body).toContain('<label for="kf-email">Email');
    expect(en.body).toContain('id="kf-email" name="email" value="" autocomplete="email" required');
    expect(en.body).toContain('<label for="kf-consent_news">Email me news and offers.</label>');
    expect(en.body).not.toMatch(/name="consent_news"[^>]*checked/);
    expect(en.body).toMatch(/<div class="kf-hp" aria-hidden="true">.*name="kp_website" tabindex="-1"/);
    const id = await ta.app.inject({ method: 'GET', url: `/f/${form.id}?lang=id` });
    expect(id.body).toContain('<html lang="id"');
    expect(id.body).toContain('Kirimi saya kabar dan penawaran.');
    expect(id.body).toContain('>Kirim</button>');
    expect((await ta.app.inject({ method: 'GET', url: '/f/frm_missing' })).statusCode).toBe(404);
  });

  it('a plain POST redirects to a thank-you page; a bad one shows the errors beside their fields', async () => {
    const ok = await post(ta, `/f/${form.id}`, 'kp_lang=id&email=hosted%40example.com&first_name=Hana&consent_news=on&kp_age=on', '192.0.2.50');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/f/${form.id}/thanks?lang=id`);
    const thanks = await ta.app.inject({ method: 'GET', url: ok.headers.location as string });
    expect(thanks.body).toContain('Terima kasih');
    const contact = await ta.ctx.db.k.selectFrom('contacts').select('id').where('email', '=', 'hosted@example.com').executeTakeFirstOrThrow();
    expect(await ta.ctx.db.k.selectFrom('consent_records').select('purpose').where('contact_id', '=', contact.id).execute()).toEqual([{ purpose: 'marketing' }]);
    const bad = await post(ta, `/f/${form.id}`, 'kp_lang=en&first_name=Hana&email=nope&consent_news=on&kp_age=on', '192.0.2.51');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).toContain('aria-invalid="true" aria-describedby="kf-email-err"');
    expect(bad.body).toContain('value="Hana"');
    expect(bad.body).not.toMatch(/name="consent_news"[^>]*checked/);
    expect(bad.body).toContain(`name="kp_ver_consent_news" value="${form.consents[0]!.versionId}"`);
    const bot = await post(ta, `/f/${form.id}`, 'email=bot%40example.com&kp_website=spam', '192.0.2.52');
    expect(bot.statusCode).toBe(303);
    expect(await ta.ctx.db.k.selectFrom('contacts').select('id').where('email', '=', 'bot@example.com').execute()).toEqual([]);
  });

  it('the operator’s demo form is made once, served at /demo, and its submissions are demo requests assigned to operators', async () => {
    const id = await ensureDemoForm(ta.ctx);
    expect(await ensureDemoForm(ta.ctx)).toBe(id);
    expect(await ta.ctx.db.k.selectFrom('forms').select('id').where('workspace_id', 'is', null).execute()).toEqual([{ id }]);
    const page = await ta.app.inject({ method: 'GET', url: '/demo' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Company name');
    expect(page.body).toContain(`action="/f/${id}"`);
    expect(page.body).not.toContain('data-workspace=');
    const res = await post(ta, `/f/${id}`, 'first_name=Dian&email=dian%40prospect.example&company=Prospect+PT&consent_marketing=on&kp_age=on', '192.0.2.60');
    expect(res.statusCode, res.body).toBe(303);
    const list = await call(ta, 'GET', '/api/v1/platform/demo-requests', op);
    expect(list.statusCode, list.body).toBe(200);
    const [req] = json<{ data: SubmissionView[] }>(list).data;
    expect(req).toMatchObject({ email: 'dian@prospect.example', contactId: null, assigneeId: op.userId, status: 'new', answers: { company: 'Prospect PT' } });
    expect(req!.consents).toEqual([expect.objectContaining({ purpose: 'marketing', granted: true })]);
    expect(await ta.ctx.db.k.selectFrom('contacts').select('id').where('email', '=', 'dian@prospect.example').execute()).toEqual([]);
    const done = await call(ta, 'PATCH', `/api/v1/platform/demo-requests/${req!.id}`, op, { status: 'contacted' });
    expect(json<SubmissionView>(done).status).toBe('contacted');
    expect((await call(ta, 'GET', '/api/v1/platform/demo-requests', owner)).statusCode).toBe(403);
  });

  it('a ticked box on the demo form never grants consent on an account found by the typed address', async () => {
    const id = await ensureDemoForm(ta.ctx);
    const victim = await ta.ctx.db.k.selectFrom('users').select(['id', 'email']).where('id', '=', owner.userId).executeTakeFirstOrThrow();
    const before = await ta.ctx.db.k.selectFrom('consent_records').select('id').where('user_id', '=', victim.id).execute();
    const res = await post(ta, `/f/${id}`, `first_name=X&email=${encodeURIComponent(victim.email)}&company=Y&consent_marketing=on&kp_age=on`, '192.0.2.62');
    expect(res.statusCode, res.body).toBe(303);
    expect(await ta.ctx.db.k.selectFrom('consent_records').select('id').where('user_id', '=', victim.id).execute()).toEqual(before);
  });

  it('submissions are found, exported and erased through the data map: demo requests by address, workspace ones by contact', async () => {
    const id = await ensureDemoForm(ta.ctx);
    await post(ta, `/f/${id}`, 'first_name=Eka&email=eka%40prospect.example&company=Eka+CV&kp_age=on', '192.0.2.61');
    const rows = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: ['eka@prospect.example'], phones: [] });
    expect(rows.tables.form_submissions).toHaveLength(1);
    const exported = await collectSubjectData(ta.ctx, rows);
    expect(JSON.stringify(exported)).toContain('Eka CV');
    await eraseSubject(ta.ctx, { kind: 'platform' }, rows, { actor: { type: 'system', id: null } });
    expect(await ta.ctx.db.k.selectFrom('form_submissions').select('id').where('email', '=', 'eka@prospect.example').execute()).toEqual([]);
    const contact = await ta.ctx.db.k.selectFrom('contacts').select('id').where('email', '=', 'hosted@example.com').executeTakeFirstOrThrow();
    const ws = await resolveSubject(ta.ctx, { kind: 'workspace', workspaceId: owner.workspaceId }, { emails: ['hosted@example.com'], phones: [] });
    expect(ws.tables.form_submissions).toHaveLength(1);
    expect(ws.roots).toEqual([{ table: 'contacts', id: contact.id }]);
  });
});

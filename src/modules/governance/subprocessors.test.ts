import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { RECIPIENTS } from '../privacy/datamap/types.js';
import { addMember, call, expectError, newMails, type Member } from '../workspaces/test-support.js';
import type { Ropa } from './ropa.js';
import type { Subprocessor, TransferView } from './subprocessors.js';

const BASE = '/api/v1/platform/subprocessors';

describe.each(testDialects)('sub-processors, transfers and records of processing on %s', (dialect) => {
  let ta: TestApp;
  let operator: { cookie: string; userId: string; workspaceId: string };
  let owner: { cookie: string; userId: string; workspaceId: string };
  let officer: Member;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    operator = await signUp(ta, { email: 'operator@sub.example', company: 'Operator' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', operator.userId).execute();
    owner = await signUp(ta, { email: 'owner@sub.example', company: 'Toko US' });
    await ta.ctx.db.k.updateTable('workspaces').set({ data_region: 'US' }).where('id', '=', owner.workspaceId).execute();
    officer = await addMember(ta, owner, { email: 'dpo@sub.example' }, 'privacy_officer');
    await ta.ctx.db.k.updateTable('users').set({ locale: 'id' }).where('id', '=', officer.userId).execute();
    for (const e of ['operator@sub.example', 'owner@sub.example', 'dpo@sub.example']) await newMails(ta, e);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('the register is seeded from the data map recipients, with categories from the data map', async () => {
    const list = json<{ data: Subprocessor[] }>(await call(ta, 'GET', BASE, operator)).data;
    expect(list.map((s) => s.key).sort()).toEqual([...RECIPIENTS].sort());
    expect(list.find((s) => s.key === 'stripe')).toMatchObject({ name: 'Stripe, Inc.', country: 'US', mechanism: 'scc', dpaDate: null });
    expect(list.find((s) => s.key === 'midtrans')).toMatchObject({ country: 'ID', mechanism: 'adequacy' });
    expect(list.find((s) => s.key === 'smtp')!.dataCategories).toContain('contact');
    expectError(await call(ta, 'GET', BASE, owner), 403, 'forbidden');
  });

  it('the operator edits an entry (audited), bad input is 400, and users are emailed about each change', async () => {
    expectError(await call(ta, 'PATCH', `${BASE}/stripe`, owner, { dpaDate: '2026-01-15' }), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', `${BASE}/stripe`, operator, { mechanism: 'trust me' }), 400, 'validation_failed');
    expectError(await call(ta, 'PATCH', `${BASE}/stripe`, operator, { country: 'usa' }), 400, 'validation_failed');
    expectError(await call(ta, 'PATCH', `${BASE}/nobody`, operator, { name: 'X' }), 404, 'not_found');
    const res = await call(ta, 'PATCH', `${BASE}/stripe`, operator, { dpaDate: '2026-01-15', purpose: 'Card payments and invoices' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Subprocessor>(res)).toMatchObject({ dpaDate: '2026-01-15', purpose: 'Card payments and invoices' });
    expect((await call(ta, 'PATCH', `${BASE}/brevo`, operator, { mechanism: 'adequacy' })).statusCode).toBe(200);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select(['target_id', 'details', 'actor_id']).where('action', '=', 'subprocessor.updated').orderBy('seq').execute();
    expect(audits.map((a) => a.target_id)).toEqual(['stripe', 'brevo']);
    expect(JSON.parse(String(audits[0]!.details))).toEqual({ fields: ['purpose', 'dpa_date'] });
    // Saving the same values again changes, audits and announces nothing.
    await call(ta, 'PATCH', `${BASE}/brevo`, operator, { mechanism: 'adequacy' });
    expect(await ta.ctx.db.k.selectFrom('governance_notices').select('job_id').where('kind', '=', 'subprocessors').execute()).toHaveLength(2);

    // One batched notice per saved change.
    const mails = await newMails(ta, 'owner@sub.example');
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe('Our list of sub-processors has changed');
    expect(mails[0]!.text).toContain('http://kodepos.test/subprocessors');
    expect((await newMails(ta, 'dpo@sub.example'))[0]!.subject).toBe('Daftar sub-pemroses kami berubah');
  });

  it('the public page is generated from the register, in English and Bahasa Indonesia', async () => {
    const en = await ta.app.inject({ method: 'GET', url: '/subprocessors' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Card payments and invoices');
    expect(en.body).toContain('2026-01-15');
    expect(en.body).toContain('Standard contractual clauses');
    expect(en.body).toContain('data-kodepos-consent-open');
    const id = await ta.app.inject({ method: 'GET', url: '/subprocessors?lang=id' });
    expect(id.body).toContain('<html lang="id"');
    expect(id.body).toContain('Klausul kontrak standar');
    expect(json<{ data: unknown[] }>(await ta.app.inject({ method: 'GET', url: '/public/v1/subprocessors' })).data).toHaveLength(RECIPIENTS.length);
  });

  it('a workspace sees its transfers relative to its data region', async () => {
    const us = json<{ dataRegion: string; data: TransferView[] }>(await call(ta, 'GET', '/api/v1/privacy/transfers', { cookie: officer.cookie, workspaceId: owner.workspaceId }));
    expect(us.dataRegion).toBe('US');
    expect(us.data.find((s) => s.key === 'stripe')!.transfer).toBe(false);
    expect(us.data.find((s) => s.key === 'midtrans')!.transfer).toBe(true);
    expect(us.data.find((s) => s.key === 'smtp')!.transfer).toBe(false);
    const id = json<{ dataRegion: string; data: TransferView[] }>(await call(ta, 'GET', '/api/v1/privacy/transfers', operator));
    expect(id.dataRegion).toBe('ID');
    expect(id.data.find((s) => s.key === 'stripe')!.transfer).toBe(true);
  });

  it('records of processing: JSON and printable HTML, for privacy officers only', async () => {
    const ws = await call(ta, 'GET', '/api/v1/privacy/ropa', { cookie: officer.cookie, workspaceId: owner.workspaceId });
    expect(ws.statusCode, ws.body).toBe(200);
    const r = json<Ropa>(ws);
    expect(r).toMatchObject({ scope: 'workspace', dataRegion: 'US', controller: { name: 'Toko US' } });
    const crm = r.activities.find((a) => a.tables.some((t) => t.name === 'contacts'));
    expect(crm, 'contacts are in a workspace activity').toBeDefined();
    expect(crm!.dataCategories).toContain('contact');
    expect(crm!.recipients.map((x) => x.key)).toContain('brevo');
    expect(crm!.transfers.map((x) => x.key)).toContain('brevo');
    expect(crm!.transfers.find((x) => x.key === 'brevo')).toMatchObject({ country: 'FR', mechanism: 'adequacy' });
    const html = await call(ta, 'GET', `/api/v1/privacy/ropa?format=html&workspaceId=${owner.workspaceId}`, { cookie: officer.cookie });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('Records of processing activities (GDPR Art. 30)');
    expect(html.body).toContain('Transfers outside United States');
    expectError(await call(ta, 'GET', '/api/v1/privacy/ropa', { cookie: (await addMember(ta, owner, { email: 'm@sub.example' }, 'member')).cookie, workspaceId: owner.workspaceId }), 403, 'forbidden');

    const platform = json<Ropa>(await call(ta, 'GET', '/api/v1/platform/ropa', operator));
    expect(platform.scope).toBe('platform');
    expect(platform.activities.flatMap((a) => a.tables.map((t) => t.name))).toContain('users');
    expect(platform.activities.flatMap((a) => a.tables.map((t) => t.name))).not.toContain('contacts');
    expectError(await call(ta, 'GET', '/api/v1/platform/ropa', owner), 403, 'forbidden');
  });
});

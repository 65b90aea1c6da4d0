import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, createKey, expectError, loginCookie, newMails } from '../workspaces/test-support.js';
import { lineDiff } from './policies-diff.js';

const BASE = '/api/v1/platform/policies';

interface Detail {
  id: string;
  version: string;
  status: string;
  material: boolean;
  lastUpdated: string | null;
  notice: { status: string; done: number; total: number | null } | null;
}

describe('lineDiff', () => {
  it('keeps common lines and marks what was removed and added', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'B' },
      { op: 'same', text: 'c' },
      { op: 'same', text: 'd' },
      { op: 'add', text: 'e' },
    ]);
    expect(lineDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
    expect(lineDiff('x\ny', 'y').map((l) => l.op)).toEqual(['del', 'same']);
  });
});

describe.each(testDialects)('policy versions on %s', (dialect) => {
  let ta: TestApp;
  let operator: { cookie: string; userId: string; workspaceId: string };
  let alice: { cookie: string; userId: string; workspaceId: string };
  let budi: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    operator = await signUp(ta, { email: 'operator@policy.example', company: 'Operator' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', operator.userId).execute();
    alice = await signUp(ta, { email: 'alice@policy.example', name: 'Alice' });
    budi = await signUp(ta, { email: 'budi@policy.example', name: 'Budi' });
    await ta.ctx.db.k.updateTable('users').set({ locale: 'id' }).where('id', '=', budi.userId).execute();
    // Sign-up mails are not what these tests are about.
    for (const e of ['operator@policy.example', 'alice@policy.example', 'budi@policy.example']) await newMails(ta, e);
  });
  afterAll(async () => {
    await ta.close();
  });

  const draft = (version: string, markdown: string, material: boolean, effectiveAt = ta.clock.now().toISOString()) => call(ta, 'POST', BASE, operator, { version, markdown, effectiveAt, material });

  it('only an operator drafts; bad input is 400 validation_failed; a duplicate version is 409', async () => {
    expectError(await call(ta, 'POST', BASE, alice, { version: '2.0', markdown: '# P', effectiveAt: ta.clock.now().toISOString(), material: false }), 403, 'forbidden');
    expectError(await ta.app.inject({ method: 'POST', url: BASE, payload: { version: '2.0', markdown: '# P', effectiveAt: ta.clock.now().toISOString(), material: false } }), 401, 'unauthenticated');
    expectError(await draft('', '# P', false), 400, 'validation_failed');
    expectError(await call(ta, 'POST', BASE, operator, { version: '2.0', markdown: '# P', effectiveAt: 'tomorrow', material: false }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', BASE, operator, { version: '2.0', markdown: '# P', effectiveAt: ta.clock.now().toISOString() }), 400, 'validation_failed');
    expectError(await draft('1.0', '# P', false), 409, 'duplicate_version');
  });

  it('a draft is not public; publishing makes it current, updates Last Updated and emails every user with progress', async () => {
    const before = json<{ markdown: string }>(await ta.app.inject({ method: 'GET', url: '/public/v1/policy' }));
    const res = await draft('1.1', `${before.markdown}\n\nA clarified sentence.`, false);
    expect(res.statusCode, res.body).toBe(201);
    const { id } = json<{ id: string }>(res);
    expect(json<{ version: string }>(await ta.app.inject({ method: 'GET', url: '/public/v1/policy' })).version).toBe('1.0');
    expect(json<Detail>(await call(ta, 'GET', `${BASE}/${id}`, operator)).status).toBe('draft');

    ta.clock.advance(86_400_000);
    expectError(await call(ta, 'POST', `${BASE}/${id}/publish`, alice), 403, 'forbidden');
    const pub = await call(ta, 'POST', `${BASE}/${id}/publish`, operator);
    expect(pub.statusCode, pub.body).toBe(202);
    expectError(await call(ta, 'POST', `${BASE}/${id}/publish`, operator), 409, 'already_published');

    const now = json<{ version: string; lastUpdated: string }>(await ta.app.inject({ method: 'GET', url: '/public/v1/policy' }));
    expect(now).toMatchObject({ version: '1.1', lastUpdated: ta.clock.now().toISOString().slice(0, 10) });
    const page = await ta.app.inject({ method: 'GET', url: '/privacy' });
    expect(page.body).toContain('Version 1.1');
    expect(page.body).toContain('href="/privacy/history"');

    const mailsA = await newMails(ta, 'alice@policy.example');
    expect(mailsA).toHaveLength(1);
    expect(mailsA[0]!.subject).toContain('version 1.1');
    expect(mailsA[0]!.text).toContain('http://kodepos.test/privacy');
    expect(mailsA[0]!.text).toContain('you do not need to do anything');
    const mailsB = await newMails(ta, 'budi@policy.example');
    expect(mailsB[0]!.subject).toContain('Kebijakan privasi kami diperbarui');
    expect(await newMails(ta, 'operator@policy.example')).toHaveLength(1);
    const detail = json<Detail>(await call(ta, 'GET', `${BASE}/${id}`, operator));
    expect(detail).toMatchObject({ status: 'current', lastUpdated: ta.clock.now().toISOString().slice(0, 10), notice: { status: 'completed', done: 3, total: 3 } });
    // A non-material change asks nobody to accept it again.
    expect((await call(ta, 'GET', '/api/v1/contacts', alice)).statusCode).toBe(200);
  });

  it('history lists versions with a line diff between them (API and public page)', async () => {
    const versions = json<{ data: { id: string; version: string; previousId: string | null }[] }>(await ta.app.inject({ method: 'GET', url: '/public/v1/policy/versions' })).data;
    expect(versions.map((v) => v.version)).toEqual(['1.1', '1.0']);
    const [v11, v10] = versions;
    expect(v11!.previousId).toBe(v10!.id);
    const d = json<{ lines: { op: string; text: string }[] }>(await ta.app.inject({ method: 'GET', url: `/public/v1/policy/diff?from=${v10!.id}&to=${v11!.id}` }));
    expect(d.lines.filter((l) => l.op === 'add').map((l) => l.text)).toContain('A clarified sentence.');
    expect(d.lines.filter((l) => l.op === 'del')).toEqual([]);
    const hist = await ta.app.inject({ method: 'GET', url: '/privacy/history' });
    expect(hist.statusCode).toBe(200);
    expect(hist.body).toContain(`/privacy/history?from=${v10!.id}&amp;to=${v11!.id}`);
    const diffPage = await ta.app.inject({ method: 'GET', url: `/privacy/history?from=${v10!.id}&to=${v11!.id}&lang=id` });
    expect(diffPage.body).toContain('Perubahan dari versi 1.0 ke 1.1');
    expect(diffPage.body).toContain('<ins>A clarified sentence.</ins>');
    // Drafts stay private.
    const { id: draftId } = json<{ id: string }>(await draft('9.9', '# secret draft', false));
    expectError(await ta.app.inject({ method: 'GET', url: `/public/v1/policy/diff?from=${v10!.id}&to=${draftId}` }), 404, 'not_found');
    expect(json<{ lines: unknown[] }>(await call(ta, 'GET', `${BASE}/diff?from=${v11!.id}&to=${draftId}`, operator)).lines.length).toBeGreaterThan(0);
  });

  it('a material change: the notice says so, and each user must accept before the API answers again', async () => {
    const { key } = await createKey(ta, alice, ['read']);
    const effectiveAt = new Date(ta.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const { id } = json<{ id: string }>(await draft('2.0', '# Privacy Policy\n\nNew purposes.', true, effectiveAt));
    expect((await call(ta, 'POST', `${BASE}/${id}/publish`, operator)).statusCode).toBe(202);
    const mail = (await newMails(ta, 'alice@policy.example'))[0]!;
    expect(mail.text).toContain('we will ask you to read and accept the new policy');
    expect((await newMails(ta, 'budi@policy.example'))[0]!.text).toContain('meminta Anda membaca dan menyetujui');

    // Scheduled: not in force yet, so nothing is asked and /privacy still shows 1.1.
    expect(json<{ version: string }>(await ta.app.inject({ method: 'GET', url: '/public/v1/policy' })).version).toBe('1.1');
    expect((await call(ta, 'GET', '/api/v1/contacts', alice)).statusCode).toBe(200);

    ta.clock.advance(8 * 86_400_000);
    // The current session is gated, and so is a fresh sign-in.
    const gated = await call(ta, 'GET', '/api/v1/contacts', alice);
    expectError(gated, 403, 'policy_acceptance_required');
    expect(json<{ error: { details: { policy: { version: string } } } }>(gated).error.details.policy.version).toBe('2.0');
    const fresh = await loginCookie(ta, 'alice@policy.example');
    expectError(await call(ta, 'GET', '/api/v1/contacts', { cookie: fresh }), 403, 'policy_acceptance_required');
    // What is needed to read and accept stays open; API keys are not a person.
    expect((await call(ta, 'GET', '/api/v1/me', alice)).statusCode).toBe(200);
    expect((await ta.app.inject({ method: 'GET', url: '/public/v1/policy' })).statusCode).toBe(200);
    expect((await call(ta, 'GET', '/api/v1/contacts', { key })).statusCode).toBe(200);
    expect(json(await call(ta, 'GET', '/api/v1/policies/acceptance', alice))).toMatchObject({ required: true, policy: { version: '2.0' } });

    const acc = await call(ta, 'POST', '/api/v1/policies/accept', alice);
    expect(json(acc)).toEqual({ version: '2.0' });
    expect((await call(ta, 'GET', '/api/v1/contacts', alice)).statusCode).toBe(200);
    expect((await call(ta, 'GET', '/api/v1/contacts', { cookie: fresh })).statusCode).toBe(200);
    expect(json(await call(ta, 'GET', '/api/v1/policies/acceptance', alice))).toEqual({ required: false, policy: null });
    // One acceptance record per user per version, even when accepted twice; audited.
    await call(ta, 'POST', '/api/v1/policies/accept', alice);
    const rows = await ta.ctx.db.k.selectFrom('policy_acceptances').select('id').where('user_id', '=', alice.userId).where('policy_version_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'in', ['policy.published', 'policy.accepted']).execute();
    expect(audits.filter((a) => a.action === 'policy.published')).toHaveLength(2);
    expect(audits.filter((a) => a.action === 'policy.accepted')).toEqual([{ action: 'policy.accepted', actor_id: alice.userId }]);
    // Budi has not accepted yet.
    expectError(await call(ta, 'GET', '/api/v1/contacts', budi), 403, 'policy_acceptance_required');
    // A user who signs up now accepts 2.0 at sign-up and is not asked again.
    const carla = await signUp(ta, { email: 'carla@policy.example' });
    expect((await call(ta, 'GET', '/api/v1/contacts', carla)).statusCode).toBe(200);
  });
});

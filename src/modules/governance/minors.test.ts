import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../../cli/admin.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { freshIp } from '../privacy/requests-test-support.js';
import { addMember, call, expectError, loginCookie } from '../workspaces/test-support.js';

interface Report { id: string; status: string; email: string; result: { tables: { table: string; rows: number }[] } | null }

describe.each(testDialects)('reports of a minor on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; workspaceId: string };
  let member: { cookie: string; workspaceId: string };
  let operator: { cookie: string };

  const report = (payload: Record<string, unknown>, ip = freshIp()) => ta.app.inject({ method: 'POST', url: '/public/v1/privacy/minors', payload, remoteAddress: ip });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@minors.example', company: 'Anak Co' });
    other = await signUp(ta, { email: 'other@minors.example' });
    const m = await addMember(ta, owner, { email: 'member@minors.example' }, 'member');
    member = { cookie: m.cookie, workspaceId: owner.workspaceId };
    await createOperator(ta.ctx, { email: 'op@minors.example', password: 'operator passphrase 1', name: 'Op' });
    operator = { cookie: await loginCookie(ta, 'op@minors.example', 'operator passphrase 1') };
  });
  afterAll(async () => {
    await ta.close();
  });

  it('queues a report about a workspace contact; the officer erases the contact at once, audited', async () => {
    const c = await call(ta, 'POST', '/api/v1/contacts', owner, { firstName: 'Kecil', email: 'kid@minors.example' });
    const contactId = json<{ id: string }>(c).id;
    const res = await report({ email: 'Kid@minors.example', relation: 'parent', reporterEmail: 'mum@minors.example', workspaceId: owner.workspaceId, locale: 'id' });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);

    const queue = json<{ data: Report[] }>(await call(ta, 'GET', '/api/v1/privacy/minors?status=open', owner));
    expect(queue.data.map((r) => r.id)).toEqual([id]);
    expectError(await call(ta, 'GET', '/api/v1/privacy/minors', member), 403, 'forbidden');
    expectError(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase`, member), 403, 'forbidden');
    expectError(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase`, other), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/privacy/minors/${id}?scope=platform`, operator), 404, 'not_found');

    const done = await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase`, owner);
    expect(done.statusCode, done.body).toBe(200);
    const r = json<Report>(done);
    expect(r.status).toBe('erased');
    expect(r.result!.tables).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'contacts', rows: 1 })]));
    expect(r.email).not.toBe('kid@minors.example');
    expect(await ta.ctx.db.k.selectFrom('contacts').select('id').where('id', '=', contactId).where('email', '=', 'kid@minors.example').executeTakeFirst()).toBeUndefined();
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', id).orderBy('seq').execute();
    expect(audits.map((a) => a.action)).toEqual(['minor_report.received', 'minor_report.erased']);
    expect(JSON.stringify(audits)).not.toContain('minors.example');
    expectError(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase`, owner), 409, 'already_handled');
  });

  it('erases an account on the platform when the operator acts on a platform report', async () => {
    const kid = await signUp(ta, { email: 'teen@minors.example', name: 'Teen' });
    const { id } = json<{ id: string }>(await report({ email: 'teen@minors.example', relation: 'self' }));
    expectError(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase`, owner), 404, 'not_found');
    const done = await call(ta, 'POST', `/api/v1/privacy/minors/${id}/erase?scope=platform`, operator);
    expect(done.statusCode, done.body).toBe(200);
    const user = await ta.ctx.db.k.selectFrom('users').select('email').where('id', '=', kid.userId).executeTakeFirst();
    expect(user?.email ?? null).not.toBe('teen@minors.example');
  });

  it('dismisses with a reason, refuses bad input and unknown workspaces, and rate-limits the public form', async () => {
    const { id } = json<{ id: string }>(await report({ email: 'adult@minors.example', relation: 'other', workspaceId: owner.workspaceId }));
    expectError(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/dismiss`, owner, { reason: '' }), 400, 'validation_failed');
    expect(json<Report>(await call(ta, 'POST', `/api/v1/privacy/minors/${id}/dismiss`, owner, { reason: 'Proved to be 19' })).status).toBe('dismissed');
    expect((await report({ email: 'not an address', relation: 'self' })).statusCode).toBe(400);
    expect((await report({ email: 'a@minors.example', relation: 'cousin' })).statusCode).toBe(400);
    expect((await report({ email: 'a@minors.example', relation: 'self', workspaceId: 'ws_nope' })).statusCode).toBe(404);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await report({ email: `flood${i}@minors.example`, relation: 'self' }, '10.88.0.1')).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

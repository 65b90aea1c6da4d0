import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../../cli/admin.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError, loginCookie, newMails } from '../workspaces/test-support.js';
import { confirmEmail, file, type RequestJson } from './requests-test-support.js';

describe.each(testDialects)('platform-scope privacy requests (the operator is controller) on %s', (dialect) => {
  let ta: TestApp;
  let operator: { cookie: string };
  let user: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    await createOperator(ta.ctx, { email: 'dpo@platform.example', password: 'operator passphrase 1', name: 'Dina DPO' });
    operator = { cookie: await loginCookie(ta, 'dpo@platform.example', 'operator passphrase 1') };
    user = await signUp(ta, { email: 'akun@platform.example', name: 'Agus Akun', company: 'Lama Co' });
    await confirmEmail(ta, 'akun@platform.example');
  });
  afterAll(async () => {
    await ta.close();
  });

  const platform = (path: string) => `/api/v1/privacy/requests${path}${path.includes('?') ? '&' : '?'}scope=platform`;

  it('lists the operators as assignees on the platform, and the workspace members who may handle requests in a workspace', async () => {
    await createOperator(ta.ctx, { email: 'dpo2@platform.example', password: 'operator passphrase 2', name: 'Eko DPO' });
    const ops = json<{ data: { id: string; name: string }[] }>(await call(ta, 'GET', '/api/v1/privacy/officers?scope=platform', operator));
    expect(ops.data.map((o) => o.name)).toEqual(['Dina DPO', 'Eko DPO']);
    expectError(await call(ta, 'GET', '/api/v1/privacy/officers?scope=platform', user), 403, 'forbidden');
    const mine = json<{ data: { id: string; name: string }[] }>(await call(ta, 'GET', '/api/v1/privacy/officers', { ...user, workspaceId: user.workspaceId }));
    expect(mine.data).toEqual([{ id: user.userId, name: 'Agus Akun' }]);
  });

  it('a signed-in user corrects their account: self-service fields at once, the rest by the operator', async () => {
    const res = await file(ta, {
      type: 'correction', email: 'akun@platform.example', jurisdiction: 'gdpr',
      corrections: [{ field: 'users.name', value: 'Agus Baru' }, { field: 'users.company', value: 'Baru Co' }],
    }, user.cookie);
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);
    expect((await ta.ctx.db.k.selectFrom('users').select(['name', 'company']).where('id', '=', user.userId).executeTakeFirstOrThrow())).toEqual({ name: 'Agus Baru', company: 'Lama Co' });

    // Tenants cannot reach the platform queue; the operator needs ?scope=platform.
    expectError(await call(ta, 'GET', platform(''), user), 403, 'forbidden');
    const list = json<{ data: RequestJson[] }>(await call(ta, 'GET', platform('?status=open'), operator));
    expect(list.data.map((r) => r.id)).toEqual([id]);
    expectError(await call(ta, 'GET', `/api/v1/privacy/requests/${id}`, { ...user, workspaceId: user.workspaceId }), 404, 'not_found');

    const detail = json<RequestJson>(await call(ta, 'GET', platform(`/${id}`), operator));
    const company = detail.corrections.find((c) => c.column === 'company')!;
    expect(company).toMatchObject({ status: 'pending', currentValue: 'Lama Co', proposedValue: 'Baru Co' });
    const applied = await call(ta, 'POST', platform(`/${id}/corrections/${company.id}`), operator, { decision: 'apply' });
    expect(applied.statusCode, applied.body).toBe(200);
    expect((await ta.ctx.db.k.selectFrom('users').select('company').where('id', '=', user.userId).executeTakeFirstOrThrow()).company).toBe('Baru Co');

    const done = await call(ta, 'POST', platform(`/${id}/complete`), operator);
    expect(done.statusCode, done.body).toBe(202);
    await ta.drain();
    const final = json<RequestJson>(await call(ta, 'GET', platform(`/${id}`), operator));
    expect(final).toMatchObject({ status: 'completed', result: { applied: 2, declined: 0 } });
    expect(final.history!.map((h) => h.action)).toEqual(expect.arrayContaining(['privacy_request.received', 'privacy_request.acknowledged', 'privacy_request.correction_applied', 'privacy_request.processing', 'privacy_request.completed']));
    expect((await newMails(ta, 'akun@platform.example')).map((m) => m.subject)).toEqual(expect.arrayContaining(['We received your privacy request', 'Your privacy request is complete']));
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', user.userId).where('action', '=', 'user.corrected').execute();
    expect(audits).toHaveLength(2);
  });

  it('leaves a self-service value the record refuses pending for the operator, and still acknowledges', async () => {
    const res = await file(ta, { type: 'correction', email: 'akun@platform.example', corrections: [{ field: 'users.locale', value: 'fr' }] }, user.cookie);
    const { id } = json<{ id: string }>(res);
    await ta.drain();
    const r = json<RequestJson>(await call(ta, 'GET', platform(`/${id}`), operator));
    expect(r).toMatchObject({ status: 'open', acknowledgedAt: expect.any(String) });
    expect(r.corrections).toEqual([expect.objectContaining({ column: 'locale', status: 'pending', selfService: true, currentValue: 'en', proposedValue: 'fr' })]);
    expectError(await call(ta, 'POST', platform(`/${id}/corrections/${r.corrections[0]!.id}`), operator, { decision: 'apply' }), 400, 'invalid_value');
    expect((await call(ta, 'POST', platform(`/${id}/corrections/${r.corrections[0]!.id}`), operator, { decision: 'decline' })).statusCode).toBe(200);
  });

  it('assigns platform requests to operators only', async () => {
    const res = await file(ta, { type: 'access', email: 'orang@platform.example', jurisdiction: 'uu_pdp' });
    const { id } = json<{ id: string }>(res);
    const op = await ta.ctx.db.k.selectFrom('users').select('id').where('email', '=', 'dpo@platform.example').executeTakeFirstOrThrow();
    expectError(await call(ta, 'POST', platform(`/${id}/assign`), operator, { assigneeId: user.userId }), 400, 'invalid_assignee');
    expect(json<RequestJson>(await call(ta, 'POST', platform(`/${id}/assign`), operator, { assigneeId: op.id })).assigneeId).toBe(op.id);
  });

  it('rate-limits the public intake per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email: `flood${i}@platform.example` }, remoteAddress: '10.77.0.1' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});

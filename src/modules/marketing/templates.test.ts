import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, createKey, expectError } from '../workspaces/test-support.js';
import { listWith, mailsTo, type Owner } from './campaigns-test-support.js';

describe.each(testDialects)('templates and test sends on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;
  let other: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'tina@templates.example', name: 'Tina Template', company: 'Toko Template' });
    other = await signUp(ta, { email: 'owner@other-templates.example', company: 'Other' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('saves, changes, lists and deletes templates within the workspace', async () => {
    const res = await call(ta, 'POST', '/api/v1/templates', o, { name: 'Monthly', subject: 'News for {{firstName}}', html: '<p>Hi {{firstName}}</p>' });
    expect(res.statusCode, res.body).toBe(201);
    const tpl = json<{ id: string }>(res);
    expect(json(await call(ta, 'PATCH', `/api/v1/templates/${tpl.id}`, o, { subject: 'Updates for {{firstName}}' }))).toMatchObject({ name: 'Monthly', subject: 'Updates for {{firstName}}' });
    expect(json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/templates', o)).data.map((t) => t.id)).toEqual([tpl.id]);
    expectError(await call(ta, 'GET', `/api/v1/templates/${tpl.id}`, other), 404, 'not_found');
    expectError(await call(ta, 'POST', '/api/v1/templates', o, { name: 'x', subject: '', html: '<p/>' }), 400, 'validation_failed');
    expect((await call(ta, 'DELETE', `/api/v1/templates/${tpl.id}`, o)).statusCode).toBe(204);
    expectError(await call(ta, 'GET', `/api/v1/templates/${tpl.id}`, o), 404, 'not_found');
  });

  it('sends a test of a campaign only to the signed-in member, marked as a test, without tracking', async () => {
    const list = await listWith(ta, o, []);
    const c = json<{ id: string }>(await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'T', subject: 'Hello {{firstName}}', html: '<p>Hi {{firstName}} <a href="https://x.example">x</a></p>', category: 'promotion', listId: list }));
    const res = await call(ta, 'POST', `/api/v1/campaigns/${c.id}/test`, o);
    expect(res.statusCode, res.body).toBe(202);
    expect(json(res)).toEqual({ sentTo: 'tina@templates.example' });
    const mail = mailsTo(await ta.outbox(), 'tina@templates.example', '[Test] Hello Tina')[0];
    expect(mail?.html).toContain('Hi Tina');
    expect(mail?.html).not.toContain('/public/v1/email/open/');
    expect(mail?.html).toContain('https://x.example');
    // The campaign itself is untouched.
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${c.id}`, o))).toMatchObject({ status: 'draft', recipientsTotal: null });
    const key = await createKey(ta, o, ['read', 'write']);
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/test`, { key: key.key }), 400, 'test_needs_user');
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/test`, other), 404, 'not_found');
  });
});

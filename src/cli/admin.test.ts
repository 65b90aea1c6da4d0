import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { runCli } from '../modules/audit/test-support.js';
import { call, expectError, login, loginCookie } from '../modules/workspaces/test-support.js';
import { createOperator } from './admin.js';

async function me(ta: TestApp, cookie: string): Promise<{ user: { name: string; isPlatformOperator: boolean } }> {
  const res = await call(ta, 'GET', '/api/v1/me', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

describe('kodepos admin create (CLI, sqlite)', () => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await ta.close();
  });

  it('creates a platform operator who can sign in; running again updates instead of failing', async () => {
    const first = await runCli(['admin', 'create', '--email', 'Ops@Example.com', '--password', 'operator passphrase 1', '--name', 'Ops One'], ta.t.dataDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Created platform operator usr_/);
    const cookie = await loginCookie(ta, 'ops@example.com', 'operator passphrase 1');
    expect((await me(ta, cookie)).user).toMatchObject({ name: 'Ops One', isPlatformOperator: true });

    const again = await runCli(['admin', 'create', '--email', 'ops@example.com', '--password', 'operator passphrase 2', '--name', 'Ops Two'], ta.t.dataDir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Promoted existing user usr_/);
    expectError(await call(ta, 'GET', '/api/v1/me', { cookie }), 401, 'unauthenticated');
    expectError(await login(ta, 'ops@example.com', 'operator passphrase 1', { ip: '10.20.0.1' }), 401, 'invalid_credentials');
    const cookie2 = await loginCookie(ta, 'ops@example.com', 'operator passphrase 2');
    expect((await me(ta, cookie2)).user).toMatchObject({ name: 'Ops Two', isPlatformOperator: true });
    const users = await ta.ctx.db.k.selectFrom('users').select('id').where('email', '=', 'ops@example.com').execute();
    expect(users).toHaveLength(1);
    const audit = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'actor_type', 'target_id']).where('action', 'like', 'operator.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'operator.created', actor_type: 'system', target_id: users[0]!.id },
      { action: 'operator.promoted', actor_type: 'system', target_id: users[0]!.id },
    ]);
  }, 60_000);

  it('exits 1 with a message for a bad email, creating nothing', async () => {
    const bad = await runCli(['admin', 'create', '--email', 'not-an-email', '--password', 'operator passphrase', '--name', 'Nobody'], ta.t.dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not an email address/i);
    expect(await ta.ctx.db.k.selectFrom('users').select('id').where('name', '=', 'Nobody').execute()).toEqual([]);
  }, 60_000);
});

describe.each(testDialects)('createOperator on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('promotes an existing user, keeping their workspace', async () => {
    const u = await signUp(ta, { email: 'promote@example.com', name: 'Regular' });
    const r = await createOperator(ta.ctx, { email: 'promote@example.com', password: 'operator passphrase', name: 'Promoted' });
    expect(r).toEqual({ id: u.userId, created: false });
    const cookie = await loginCookie(ta, 'promote@example.com', 'operator passphrase');
    const body = await me(ta, cookie);
    expect(body.user).toMatchObject({ name: 'Promoted', isPlatformOperator: true });
  });

  it('refuses a bad email, a short password and an empty name', async () => {
    await expect(createOperator(ta.ctx, { email: 'nope', password: 'operator passphrase', name: 'X' })).rejects.toThrow(/email/);
    await expect(createOperator(ta.ctx, { email: 'short@example.com', password: 'short', name: 'X' })).rejects.toThrow(/10 characters/);
    await expect(createOperator(ta.ctx, { email: 'noname@example.com', password: 'operator passphrase', name: '  ' })).rejects.toThrow(/name/i);
    const rows = await ta.ctx.db.k.selectFrom('users').select('email').where('email', 'in', ['short@example.com', 'noname@example.com']).execute();
    expect(rows).toEqual([]);
  });
});

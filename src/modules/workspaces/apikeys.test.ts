import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, createKey, expectError } from './test-support.js';

describe.each(testDialects)('API keys on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'kirana@example.com', company: 'Keys Co' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('shows the key once on creation and stores only its hash', async () => {
    const res = await call(ta, 'POST', '/api/v1/api-keys', owner, { name: 'Zapier', scopes: ['read', 'write'] });
    expect(res.statusCode, res.body).toBe(201);
    const body = json<{ id: string; key: string; prefix: string; name: string; scopes: string[]; expiresAt: string | null }>(res);
    expect(body).toMatchObject({ name: 'Zapier', scopes: ['read', 'write'], expiresAt: null });
    expect(body.key).toMatch(/^kp_[A-Za-z0-9_-]{20,}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    const row = await ta.ctx.db.k.selectFrom('api_keys').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256Hex(body.key));
    expect(row.workspace_id).toBe(owner.workspaceId);
    for (const v of Object.values(row)) expect(String(v)).not.toContain(body.key);
    const list = await call(ta, 'GET', '/api/v1/api-keys', owner);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(body.key);
    expect(json<{ data: { id: string }[] }>(list).data.map((k) => k.id)).toContain(body.id);
    const audit = await ta.ctx.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'api_key.created').where('target_id', '=', body.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(body.key);
  });

  it('authenticates with Authorization: Bearer and enforces scopes', async () => {
    const read = await createKey(ta, owner, ['read']);
    const members = await call(ta, 'GET', '/api/v1/members', { key: read.key });
    expect(members.statusCode, members.body).toBe(200);
    expect(json<{ data: { userId: string }[] }>(members).data.map((m) => m.userId)).toEqual([owner.userId]);
    expectError(await call(ta, 'POST', '/api/v1/invitations', { key: read.key }, { email: 'new@example.com', role: 'member' }), 403, 'forbidden');
    expectError(await call(ta, 'GET', '/api/v1/api-keys', { key: read.key }), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', '/api/v1/workspace', { key: read.key }, { name: 'Renamed' }), 403, 'forbidden');
    expect(await ta.ctx.db.k.selectFrom('invitations').select('id').where('email', '=', 'new@example.com').execute()).toEqual([]);

    const admin = await createKey(ta, owner, ['admin']);
    const inv = await call(ta, 'POST', '/api/v1/invitations', { key: admin.key }, { email: 'new@example.com', role: 'member' });
    expect(inv.statusCode, inv.body).toBe(201);
    const audit = await ta.ctx.db.k.selectFrom('audit_log').select(['actor_type', 'actor_id']).where('action', '=', 'invitation.created').where('target_id', '=', json<{ id: string }>(inv).id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_type: 'api_key', actor_id: admin.id });
    const used = await ta.ctx.db.k.selectFrom('api_keys').select('last_used_at').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBe(ta.clock.now().toISOString());
  });

  it('refuses unknown, malformed and session-only uses with 401 unauthenticated', async () => {
    expectError(await call(ta, 'GET', '/api/v1/members', { key: 'kp_this-key-does-not-exist' }), 401, 'unauthenticated');
    expectError(await call(ta, 'GET', '/api/v1/members', { key: 'not-even-a-key' }), 401, 'unauthenticated');
    const { key } = await createKey(ta, owner, ['read', 'write', 'admin']);
    expectError(await call(ta, 'GET', '/api/v1/me', { key }), 401, 'unauthenticated');
    expectError(await call(ta, 'POST', '/api/v1/workspaces', { key }, { name: 'Key-made workspace' }), 401, 'unauthenticated');
    // A bad key is not rescued by a good session cookie sent alongside it.
    expectError(await call(ta, 'GET', '/api/v1/members', { key: 'kp_bogus-bogus-bogus', cookie: owner.cookie }), 401, 'unauthenticated');
  });

  it('stops working when it expires', async () => {
    const expiresAt = new Date(ta.clock.now().getTime() + HOUR).toISOString();
    const { key } = await createKey(ta, owner, ['read'], expiresAt);
    expect((await call(ta, 'GET', '/api/v1/members', { key })).statusCode).toBe(200);
    ta.clock.advance(HOUR + MINUTE);
    expectError(await call(ta, 'GET', '/api/v1/members', { key }), 401, 'unauthenticated');
    const past = new Date(ta.clock.now().getTime() - MINUTE).toISOString();
    expectError(await call(ta, 'POST', '/api/v1/api-keys', owner, { name: 'old', scopes: ['read'], expiresAt: past }), 400, 'validation_failed');
  });

  it('stops working when revoked; revoking twice or an unknown id is 404', async () => {
    const { id, key } = await createKey(ta, owner, ['read']);
    expect((await call(ta, 'DELETE', `/api/v1/api-keys/${id}`, owner)).statusCode).toBe(204);
    expectError(await call(ta, 'GET', '/api/v1/members', { key }), 401, 'unauthenticated');
    expectError(await call(ta, 'DELETE', `/api/v1/api-keys/${id}`, owner), 404, 'not_found');
    expectError(await call(ta, 'DELETE', '/api/v1/api-keys/key_unknown', owner), 404, 'not_found');
    const list = json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/api-keys', owner));
    expect(list.data.some((k) => k.id === id)).toBe(false);
  });

  it("is fixed to its workspace: X-Workspace-Id is ignored, even for another of its creator's workspaces", async () => {
    const second = await call(ta, 'POST', '/api/v1/workspaces', owner, { name: 'Second Co' });
    expect(second.statusCode, second.body).toBe(201);
    const secondId = json<{ id: string }>(second).id;
    const { key } = await createKey(ta, owner, ['read', 'admin']);
    const ws = await call(ta, 'GET', '/api/v1/workspace', { key, workspaceId: secondId });
    expect(ws.statusCode).toBe(200);
    expect(json<{ id: string }>(ws).id).toBe(owner.workspaceId);
    const inv = await call(ta, 'POST', '/api/v1/invitations', { key, workspaceId: secondId }, { email: 'where@example.com', role: 'member' });
    expect(inv.statusCode).toBe(201);
    const row = await ta.ctx.db.k.selectFrom('invitations').select('workspace_id').where('email', '=', 'where@example.com').executeTakeFirstOrThrow();
    expect(row.workspace_id).toBe(owner.workspaceId);
  });

  it('can only be managed by owners and admins', async () => {
    const m = await addMember(ta, owner, { email: 'member@example.com' }, 'member');
    expectError(await call(ta, 'POST', '/api/v1/api-keys', { cookie: m.cookie }, { name: 'mine', scopes: ['read'] }), 403, 'forbidden');
    const { id } = await createKey(ta, owner, ['read']);
    expectError(await call(ta, 'DELETE', `/api/v1/api-keys/${id}`, { cookie: m.cookie }), 403, 'forbidden');
    expectError(await call(ta, 'POST', '/api/v1/api-keys', owner, { name: 'x', scopes: ['root'] }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/api-keys', owner, { name: 'x', scopes: [] }), 400, 'validation_failed');
  });
});

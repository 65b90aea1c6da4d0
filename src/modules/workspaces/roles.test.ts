import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, createKey, expectError, type Member } from './test-support.js';

interface MemberItem {
  id: string;
  userId: string;
  role: string;
  email: string;
}

describe.each(testDialects)('workspace roles on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let ownerMemberId = '';
  let admin: Member;
  let member: Member;
  let viewer: Member;

  async function members(): Promise<MemberItem[]> {
    const res = await call(ta, 'GET', '/api/v1/members', owner);
    expect(res.statusCode, res.body).toBe(200);
    return json<{ data: MemberItem[] }>(res).data;
  }

  async function roleOf(memberId: string): Promise<string | undefined> {
    return (await members()).find((m) => m.id === memberId)?.role;
  }

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'olivia@example.com', company: 'Roles Co' });
    admin = await addMember(ta, owner, { email: 'adi@example.com' }, 'admin');
    member = await addMember(ta, owner, { email: 'mira@example.com' }, 'member');
    viewer = await addMember(ta, owner, { email: 'vera@example.com' }, 'viewer');
    ownerMemberId = (await members()).find((m) => m.userId === owner.userId)!.id;
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists members with their roles to every member', async () => {
    const list = await members();
    expect(list.map((m) => [m.email, m.role]).sort()).toEqual([
      ['adi@example.com', 'admin'],
      ['mira@example.com', 'member'],
      ['olivia@example.com', 'owner'],
      ['vera@example.com', 'viewer'],
    ]);
    expect((await call(ta, 'GET', '/api/v1/members', { cookie: viewer.cookie })).statusCode).toBe(200);
  });

  it('gives members and viewers 403 forbidden on every members.manage route, changing nothing', async () => {
    for (const who of [member, viewer]) {
      const a = { cookie: who.cookie };
      expectError(await call(ta, 'PATCH', `/api/v1/members/${viewer.memberId}`, a, { role: 'admin' }), 403, 'forbidden');
      expectError(await call(ta, 'PATCH', `/api/v1/members/${who.memberId}`, a, { role: 'owner' }), 403, 'forbidden');
      expectError(await call(ta, 'DELETE', `/api/v1/members/${admin.memberId}`, a), 403, 'forbidden');
      expectError(await call(ta, 'GET', '/api/v1/invitations', a), 403, 'forbidden');
      expectError(await call(ta, 'POST', '/api/v1/invitations', a, { email: 'new@example.com', role: 'member' }), 403, 'forbidden');
      expectError(await call(ta, 'DELETE', '/api/v1/invitations/inv_x', a), 403, 'forbidden');
      expectError(await call(ta, 'GET', '/api/v1/api-keys', a), 403, 'forbidden');
      expectError(await call(ta, 'POST', '/api/v1/api-keys', a, { name: 'k', scopes: ['read'] }), 403, 'forbidden');
      expectError(await call(ta, 'PATCH', '/api/v1/workspace', a, { name: 'Hijacked' }), 403, 'forbidden');
    }
    expect(await roleOf(viewer.memberId)).toBe('viewer');
    expect(await roleOf(admin.memberId)).toBe('admin');
    expect(await ta.ctx.db.k.selectFrom('invitations').select('id').where('email', '=', 'new@example.com').execute()).toEqual([]);
  });

  it('lets the owner and an admin change roles, audited with actor and target', async () => {
    const byOwner = await call(ta, 'PATCH', `/api/v1/members/${member.memberId}`, owner, { role: 'viewer' });
    expect(byOwner.statusCode, byOwner.body).toBe(200);
    expect(json<MemberItem>(byOwner)).toMatchObject({ id: member.memberId, role: 'viewer' });
    const byAdmin = await call(ta, 'PATCH', `/api/v1/members/${member.memberId}`, { cookie: admin.cookie }, { role: 'member' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(await roleOf(member.memberId)).toBe('member');
    const rows = await ta.ctx.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'member.role_changed').where('target_id', '=', member.memberId).orderBy('seq').execute();
    expect(rows.map((r) => [r.actor_id, r.workspace_id])).toEqual([
      [owner.userId, owner.workspaceId],
      [admin.userId, owner.workspaceId],
    ]);
    expectError(await call(ta, 'PATCH', '/api/v1/members/mem_unknown', owner, { role: 'viewer' }), 404, 'not_found');
    expectError(await call(ta, 'PATCH', `/api/v1/members/${member.memberId}`, owner, { role: 'emperor' }), 400, 'validation_failed');
  });

  it('does not let an admin grant, take or remove the owner role, nor invite an owner', async () => {
    const a = { cookie: admin.cookie };
    expectError(await call(ta, 'PATCH', `/api/v1/members/${viewer.memberId}`, a, { role: 'owner' }), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', `/api/v1/members/${admin.memberId}`, a, { role: 'owner' }), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', `/api/v1/members/${ownerMemberId}`, a, { role: 'viewer' }), 403, 'forbidden');
    expectError(await call(ta, 'DELETE', `/api/v1/members/${ownerMemberId}`, a), 403, 'forbidden');
    expectError(await call(ta, 'POST', '/api/v1/invitations', a, { email: 'boss@example.com', role: 'owner' }), 403, 'forbidden');
    expect(await roleOf(ownerMemberId)).toBe('owner');
    expect(await roleOf(viewer.memberId)).toBe('viewer');
  });

  it('does not let an admin-scoped API key invite an owner or mint a key broader than itself', async () => {
    const { key } = await createKey(ta, owner, ['admin']);
    expectError(await call(ta, 'POST', '/api/v1/invitations', { key }, { email: 'boss@example.com', role: 'owner' }), 403, 'forbidden');
    expectError(await call(ta, 'PATCH', `/api/v1/members/${viewer.memberId}`, { key }, { role: 'owner' }), 403, 'forbidden');
    expectError(await call(ta, 'POST', '/api/v1/api-keys', { key }, { name: 'wider', scopes: ['admin', 'write'] }), 403, 'forbidden');
    expect((await call(ta, 'POST', '/api/v1/api-keys', { key }, { name: 'same', scopes: ['admin'] })).statusCode).toBe(201);
    expect(await ta.ctx.db.k.selectFrom('invitations').select('id').where('email', '=', 'boss@example.com').execute()).toEqual([]);
  });

  it('keeps the last owner: demoting or removing them is 409 last_owner', async () => {
    expectError(await call(ta, 'PATCH', `/api/v1/members/${ownerMemberId}`, owner, { role: 'admin' }), 409, 'last_owner');
    expectError(await call(ta, 'DELETE', `/api/v1/members/${ownerMemberId}`, owner), 409, 'last_owner');
    expect(await roleOf(ownerMemberId)).toBe('owner');
  });

  it('lets one of two owners step down, but never leaves the workspace without an owner, even under races', async () => {
    expect((await call(ta, 'PATCH', `/api/v1/members/${admin.memberId}`, owner, { role: 'owner' })).statusCode).toBe(200);
    // Both owners step down at the same moment: one must win, the other hit last_owner.
    const both = await Promise.all([
      call(ta, 'PATCH', `/api/v1/members/${ownerMemberId}`, owner, { role: 'admin' }),
      call(ta, 'PATCH', `/api/v1/members/${admin.memberId}`, { cookie: admin.cookie }, { role: 'admin' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const owners = (await ta.ctx.db.k.selectFrom('workspace_members').select('role').where('workspace_id', '=', owner.workspaceId).execute()).filter((r) => r.role === 'owner');
    expect(owners).toHaveLength(1);
    // Restore: whoever is owner now makes the other owner again.
    const ownerNow = (await ta.ctx.db.k.selectFrom('workspace_members').select(['id', 'user_id']).where('workspace_id', '=', owner.workspaceId).where('role', '=', 'owner').executeTakeFirstOrThrow());
    const ownerAuth = ownerNow.user_id === owner.userId ? owner : { cookie: admin.cookie };
    const otherId = ownerNow.id === ownerMemberId ? admin.memberId : ownerMemberId;
    expect((await call(ta, 'PATCH', `/api/v1/members/${otherId}`, ownerAuth, { role: 'owner' })).statusCode).toBe(200);
    expect((await call(ta, 'PATCH', `/api/v1/members/${admin.memberId}`, owner, { role: 'admin' })).statusCode).toBe(200);
    expect(await roleOf(ownerMemberId)).toBe('owner');
  });

  it('removes a member (204): they lose access to the workspace at once', async () => {
    const gone = await addMember(ta, owner, { email: 'gone@example.com' }, 'member');
    expect((await call(ta, 'GET', '/api/v1/members', { cookie: gone.cookie, workspaceId: owner.workspaceId })).statusCode).toBe(200);
    expect((await call(ta, 'DELETE', `/api/v1/members/${gone.memberId}`, { cookie: admin.cookie })).statusCode).toBe(204);
    expectError(await call(ta, 'GET', '/api/v1/members', { cookie: gone.cookie, workspaceId: owner.workspaceId }), 404, 'not_found');
    expectError(await call(ta, 'DELETE', `/api/v1/members/${gone.memberId}`, owner), 404, 'not_found');
    expect((await members()).some((m) => m.id === gone.memberId)).toBe(false);
  });
});

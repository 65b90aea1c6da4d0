import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError, invite, loginCookie, register } from './test-support.js';

interface MeBody {
  user: { id: string };
  workspaces: { id: string; name: string; role: string }[];
}

function accept(ta: TestApp, cookie: string, token: string) {
  return call(ta, 'POST', '/api/v1/invitations/accept', { cookie }, { token });
}

describe.each(testDialects)('invitations on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@example.com', name: 'Oscar Owner', company: 'Owner Co' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('invites by email: 201, a mailed /invite link valid 7 days, only the token hash stored', async () => {
    const res = await call(ta, 'POST', '/api/v1/invitations', owner, { email: 'Putri@Example.com', role: 'member' });
    expect(res.statusCode, res.body).toBe(201);
    const inv = json<{ id: string; email: string; role: string; expiresAt: string; acceptedAt: string | null }>(res);
    expect(inv).toMatchObject({ email: 'putri@example.com', role: 'member', acceptedAt: null });
    expect(new Date(inv.expiresAt).getTime() - ta.clock.now().getTime()).toBe(7 * DAY);
    const { token } = await invite(ta, owner, 'putri@example.com', 'member');
    const rows = await ta.ctx.db.k.selectFrom('invitations').selectAll().where('email', '=', 'putri@example.com').execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.filter((r) => r.token_hash === sha256Hex(token) && r.revoked_at === null)).toHaveLength(1);
    // Inviting again replaces the open invitation.
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    const list = json<{ data: { email: string }[] }>(await call(ta, 'GET', '/api/v1/invitations', owner));
    expect(list.data.filter((i) => i.email === 'putri@example.com')).toHaveLength(1);
  });

  it('lets the invitee register with the token and no company, joining with the invited role and no workspace of their own', async () => {
    const { token } = await invite(ta, owner, 'putri2@example.com', 'viewer');
    const res = await register(ta, { email: 'putri2@example.com', name: 'Putri', invitationToken: token });
    expect(res.statusCode, res.body).toBe(201);
    const body = json<{ user: { id: string }; workspace: unknown; joinedWorkspace: { id: string; role: string } }>(res);
    expect(body.workspace).toBeNull();
    expect(body.joinedWorkspace).toEqual({ id: owner.workspaceId, name: 'Owner Co', role: 'viewer' });
    const cookie = await loginCookie(ta, 'putri2@example.com');
    const me = json<MeBody>(await call(ta, 'GET', '/api/v1/me', { cookie }));
    expect(me.workspaces).toEqual([{ id: owner.workspaceId, name: 'Owner Co', role: 'viewer' }]);
    const own = await ta.ctx.db.k.selectFrom('workspaces').select('id').where('created_by', '=', body.user.id).execute();
    expect(own).toEqual([]);
    const row = await ta.ctx.db.k.selectFrom('invitations').select('accepted_at').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
    expect(row.accepted_at).not.toBeNull();
    expectError(await register(ta, { email: 'putri3@example.com', invitationToken: token }), 400, 'invalid_token');
  });

  it('lets an existing user accept with POST /invitations/accept, once', async () => {
    const rudi = await signUp(ta, { email: 'rudi@example.com', company: 'Rudi Co' });
    const { token } = await invite(ta, owner, 'rudi@example.com', 'admin');
    expectError(await call(ta, 'POST', '/api/v1/invitations/accept', {}, { token }), 401, 'unauthenticated');
    const res = await accept(ta, rudi.cookie, token);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ workspace: { id: string; role: string } }>(res).workspace).toMatchObject({ id: owner.workspaceId, role: 'admin' });
    const me = json<MeBody>(await call(ta, 'GET', '/api/v1/me', { cookie: rudi.cookie }));
    expect(me.workspaces.map((w) => [w.id, w.role]).sort()).toEqual([[owner.workspaceId, 'admin'], [rudi.workspaceId, 'owner']].sort());
    expectError(await accept(ta, rudi.cookie, token), 400, 'invalid_token');
    // An accepted invitation is a membership now: it cannot be "revoked" (and revoking would audit a lie).
    const accepted = await ta.ctx.db.k.selectFrom('invitations').select('id').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
    expectError(await call(ta, 'DELETE', `/api/v1/invitations/${accepted.id}`, owner), 404, 'not_found');
    expectError(await call(ta, 'POST', '/api/v1/invitations', owner, { email: 'rudi@example.com', role: 'member' }), 409, 'already_member');
  });

  it('refuses a token sent to another address: 403 invitation_email_mismatch, and nothing is created', async () => {
    const tono = await signUp(ta, { email: 'tono@example.com' });
    const { token } = await invite(ta, owner, 'sinta@example.com', 'member');
    expectError(await accept(ta, tono.cookie, token), 403, 'invitation_email_mismatch');
    expectError(await register(ta, { email: 'umar@example.com', invitationToken: token }), 403, 'invitation_email_mismatch');
    expect(await ta.ctx.db.k.selectFrom('users').select('id').where('email', '=', 'umar@example.com').execute()).toEqual([]);
    const member = await ta.ctx.db.k.selectFrom('workspace_members').select('id').where('workspace_id', '=', owner.workspaceId).where('user_id', '=', tono.userId).execute();
    expect(member).toEqual([]);
    // The rightful invitee can still use it.
    expect((await register(ta, { email: 'sinta@example.com', invitationToken: token })).statusCode).toBe(201);
  });

  it('refuses revoked and expired invitations with 400 invalid_token', async () => {
    const vina = await signUp(ta, { email: 'vina@example.com' });
    const revoked = await invite(ta, owner, 'vina@example.com', 'member');
    expect((await call(ta, 'DELETE', `/api/v1/invitations/${revoked.invitationId}`, owner)).statusCode).toBe(204);
    expectError(await accept(ta, vina.cookie, revoked.token), 400, 'invalid_token');
    expectError(await call(ta, 'DELETE', `/api/v1/invitations/${revoked.invitationId}`, owner), 404, 'not_found');
    const list = json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/invitations', owner));
    expect(list.data.some((i) => i.id === revoked.invitationId)).toBe(false);

    const expired = await invite(ta, owner, 'vina@example.com', 'member');
    ta.clock.advance(7 * DAY + MINUTE);
    expectError(await accept(ta, vina.cookie, expired.token), 400, 'invalid_token');
    expectError(await register(ta, { email: 'wati@example.com', invitationToken: 'no-such-invitation-token' }), 400, 'invalid_token');
    expect(await ta.ctx.db.k.selectFrom('users').select('id').where('email', '=', 'wati@example.com').execute()).toEqual([]);
  });

  it('answers 404 for revoking an unknown invitation and 400 for a bad role', async () => {
    expectError(await call(ta, 'DELETE', '/api/v1/invitations/inv_unknown', owner), 404, 'not_found');
    expectError(await call(ta, 'POST', '/api/v1/invitations', owner, { email: 'x@example.com', role: 'emperor' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/invitations', owner, { email: 'not-an-email', role: 'member' }), 400, 'validation_failed');
  });
});

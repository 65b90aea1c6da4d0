import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogTable } from '../../db/core-tables.js';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, createKey, expectError, loginCookie, mailedToken, register } from '../workspaces/test-support.js';
import * as audit from './service.js';
import { dropAuditTriggers } from './test-support.js';

async function rows(ta: TestApp): Promise<AuditLogTable[]> {
  return ta.ctx.db.k.selectFrom('audit_log').selectAll().orderBy('seq').execute();
}

async function reinsert(ta: TestApp, row: AuditLogTable): Promise<void> {
  await ta.ctx.db.k.insertInto('audit_log').values(row).execute();
}

describe.each(testDialects)('audit log on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let memberId = '';
  let memberUserId = '';
  const people = [
    { email: 'citra.kirana@example.com', name: 'Citra Kirana', phone: '+62 812 1111 2222', company: 'Kirana Batik' },
    { email: 'dimas.pratama@example.com', name: 'Dimas Pratama', phone: '+62 813 3333 4444' },
  ];
  const pii = [...people.flatMap((p) => [p.email, p.name, p.phone, p.phone.replace(/\D/g, '')]), 'Sinta Baru', '+62 899 5555 6666', '628995555666'];

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const [c, d] = people as [(typeof people)[0], (typeof people)[1]];
    const reg = await register(ta, c);
    expect(reg.statusCode, reg.body).toBe(201);
    owner = {
      userId: json<{ user: { id: string } }>(reg).user.id,
      workspaceId: json<{ workspace: { id: string } }>(reg).workspace.id,
      cookie: await loginCookie(ta, c.email),
    };
    const verifyToken = await mailedToken(ta, c.email, '/verify-email');
    expect((await ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: verifyToken } })).statusCode).toBe(200);
    expect((await call(ta, 'PATCH', '/api/v1/me', owner, { name: 'Sinta Baru', phone: '+62 899 5555 6666' })).statusCode).toBe(200);
    const m = await addMember(ta, owner, { email: d.email, name: d.name }, 'member');
    memberId = m.memberId;
    memberUserId = m.userId;
    expect((await call(ta, 'PATCH', '/api/v1/me', { cookie: m.cookie }, { phone: d.phone })).statusCode).toBe(200);
    expect((await call(ta, 'PATCH', `/api/v1/members/${memberId}`, owner, { role: 'viewer' })).statusCode).toBe(200);
    const key = await createKey(ta, owner, ['read']);
    expect((await call(ta, 'DELETE', `/api/v1/api-keys/${key.id}`, owner)).statusCode).toBe(204);
    expect((await call(ta, 'PATCH', '/api/v1/workspace', owner, { name: 'Kirana Batik Baru' })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('records each change with actor, workspace and target ids', async () => {
    const all = await rows(ta);
    const find = (action: string, targetId?: string) => all.filter((r) => r.action === action && (!targetId || r.target_id === targetId));
    expect(find('user.registered', owner.userId)).toMatchObject([{ actor_type: 'user', actor_id: owner.userId, workspace_id: owner.workspaceId }]);
    expect(find('workspace.created', owner.workspaceId)).toMatchObject([{ actor_id: owner.userId }]);
    expect(find('user.email_verified', owner.userId)).toMatchObject([{ actor_id: owner.userId }]);
    expect(find('user.profile_updated', owner.userId)).toMatchObject([{ actor_id: owner.userId, target_type: 'user' }]);
    expect(find('invitation.created')).toMatchObject([{ actor_id: owner.userId, workspace_id: owner.workspaceId, target_type: 'invitation' }]);
    expect(find('invitation.accepted')).toMatchObject([{ actor_id: memberUserId, workspace_id: owner.workspaceId }]);
    expect(find('member.role_changed', memberId)).toMatchObject([{ actor_id: owner.userId, workspace_id: owner.workspaceId, target_type: 'member' }]);
    expect(JSON.parse(find('member.role_changed', memberId)[0]!.details!)).toEqual({ from: 'member', to: 'viewer' });
    expect(find('api_key.created')).toHaveLength(1);
    expect(find('api_key.revoked')).toMatchObject([{ actor_id: owner.userId, target_type: 'api_key' }]);
    expect(find('workspace.updated', owner.workspaceId)).toMatchObject([{ actor_id: owner.userId }]);
    expect(find('session.created').length).toBeGreaterThanOrEqual(2);
    for (const r of all) {
      expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      if (r.actor_type === 'user') expect(r.actor_id).toMatch(/^usr_/);
    }
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
  });

  it('holds no email address, name or phone number in any column of any row', async () => {
    const all = await rows(ta);
    expect(all.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const r of all) {
      for (const [col, v] of Object.entries(r)) {
        const text = String(v ?? '').toLowerCase();
        for (const p of pii) if (text.includes(p.toLowerCase())) hits.push(`seq ${r.seq} ${col}: ${p}`);
        if (/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/.test(text)) hits.push(`seq ${r.seq} ${col}: an email address`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('masks personal data that a caller puts into details or reason', async () => {
    const id = await audit.record(ta.ctx.db, ta.clock, {
      actor: audit.SYSTEM,
      action: 'test.scrubbed',
      reason: 'asked by citra.kirana@example.com on +62 812 1111 2222',
      details: { note: 'mail dimas.pratama@example.com', email: 'x@example.com', name: 'Dimas Pratama', count: 3 },
    });
    const row = await ta.ctx.db.k.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const text = JSON.stringify(row);
    for (const p of [...pii, 'x@example.com']) expect(text).not.toContain(p);
    expect(JSON.parse(row.details!)).toMatchObject({ count: 3 });
  });

  it('verifies an intact chain', async () => {
    const r = await audit.verify(ta.ctx.db);
    expect(r).toEqual({ ok: true, rows: (await rows(ta)).length, problems: [] });
  });

  it('refuses UPDATE and DELETE on audit_log at the database level', async () => {
    await expect(sql`update audit_log set action = 'forged' where seq = 1`.execute(ta.ctx.db.k)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(ta.ctx.db.k)).rejects.toThrow(/append-only/);
    expect((await rows(ta))[0]!.action).not.toBe('forged');
  });

  it('reports an edited row, a deleted middle row and a deleted last row', async () => {
    await dropAuditTriggers(ta);
    const all = await rows(ta);
    const target = all.find((r) => r.action === 'member.role_changed')!;

    await sql`update audit_log set details = ${JSON.stringify({ from: 'member', to: 'owner' })} where seq = ${target.seq}`.execute(ta.ctx.db.k);
    const edited = await audit.verify(ta.ctx.db);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toContainEqual({ seq: target.seq, problem: expect.stringMatching(/hash/) as string });
    await sql`update audit_log set details = ${target.details} where seq = ${target.seq}`.execute(ta.ctx.db.k);
    expect((await audit.verify(ta.ctx.db)).ok).toBe(true);

    await sql`update audit_log set actor_id = ${memberUserId} where seq = ${target.seq}`.execute(ta.ctx.db.k);
    expect((await audit.verify(ta.ctx.db)).problems.map((p) => p.seq)).toContain(target.seq);
    await sql`update audit_log set actor_id = ${target.actor_id} where seq = ${target.seq}`.execute(ta.ctx.db.k);

    const middle = all[Math.floor(all.length / 2)]!;
    await sql`delete from audit_log where seq = ${middle.seq}`.execute(ta.ctx.db.k);
    const gap = await audit.verify(ta.ctx.db);
    expect(gap.ok).toBe(false);
    expect(gap.problems.map((p) => p.seq)).toContain(middle.seq);
    await reinsert(ta, middle);
    expect((await audit.verify(ta.ctx.db)).ok).toBe(true);

    const last = all[all.length - 1]!;
    await sql`delete from audit_log where seq = ${last.seq}`.execute(ta.ctx.db.k);
    const cut = await audit.verify(ta.ctx.db);
    expect(cut.ok).toBe(false);
    expect(cut.problems).toEqual([{ seq: last.seq, problem: expect.stringMatching(/removed from the end/) as string }]);
    await reinsert(ta, last);
    expect((await audit.verify(ta.ctx.db)).ok).toBe(true);
  });

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.record(ta.ctx.db, ta.clock, { actor: audit.SYSTEM, action: 'test.concurrent', details: { i } })));
    const r = await audit.verify(ta.ctx.db);
    expect(r.problems).toEqual([]);
    expectError(await call(ta, 'GET', '/api/v1/me', {}), 401, 'unauthenticated');
  });
});

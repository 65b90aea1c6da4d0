import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError, type Member } from '../workspaces/test-support.js';
import { nextInTurn } from './assign.js';
import type { TeamView } from './teams-schema.js';
import { createTicket } from './tickets-service.js';
import { newTicket, owner, type Auth } from './tickets-test-support.js';

describe('nextInTurn', () => {
  it('takes the next agent after the last one in id order, wrapping round, and copes with the last one leaving', () => {
    expect(nextInTurn([], null)).toBeNull();
    expect(nextInTurn(['a', 'b', 'c'], null)).toBe('a');
    expect(nextInTurn(['a', 'b', 'c'], 'a')).toBe('b');
    expect(nextInTurn(['a', 'b', 'c'], 'c')).toBe('a');
    expect(nextInTurn(['a', 'c'], 'b')).toBe('c');
  });
});

describe.each(testDialects)('ticket numbers, teams and round robin on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  let m1: Member;
  let m2: Member;
  let viewer: Member;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
    m1 = await addMember(ta, a, { email: `rr-m1-${dialect}@example.com` }, 'member');
    m2 = await addMember(ta, a, { email: `rr-m2-${dialect}@example.com` }, 'member');
    viewer = await addMember(ta, a, { email: `rr-v-${dialect}@example.com` }, 'viewer');
  }, 120_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('numbers tickets 1, 2, 3 … per workspace without gaps or duplicates when many are created at once', async () => {
    const other = await owner(ta, 'numbers');
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) => createTicket(ta.ctx, { workspaceId: i % 3 === 0 ? other.workspaceId : a.workspaceId, subject: `Load ${i}`, body: 'x', requesterEmail: `load${i}@example.com`, channel: 'email' })),
    );
    const ours = made.filter((t) => t.workspace_id === a.workspaceId).map((t) => t.number).sort((x, y) => x - y);
    const theirs = made.filter((t) => t.workspace_id === other.workspaceId).map((t) => t.number).sort((x, y) => x - y);
    expect(ours).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(theirs).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
  });

  it('teams: members must work tickets in this workspace; CRUD with audit', async () => {
    expectError(await call(ta, 'POST', '/api/v1/service/teams', a, { name: 'Tier 1', memberIds: [viewer.userId] }), 400, 'validation_failed');
    const stranger = await owner(ta, 'stranger');
    expectError(await call(ta, 'POST', '/api/v1/service/teams', a, { name: 'Tier 1', memberIds: [stranger.userId] }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/service/teams', m1, { name: 'Tier 1', memberIds: [] }), 403, 'forbidden');
    const res = await call(ta, 'POST', '/api/v1/service/teams', a, { name: 'Tier 1', memberIds: [m1.userId] });
    expect(res.statusCode, res.body).toBe(201);
    const team = json<TeamView>(res);
    expect(team).toMatchObject({ name: 'Tier 1', memberIds: [m1.userId] });
    const patched = await call(ta, 'PATCH', `/api/v1/service/teams/${team.id}`, a, { name: 'Tier one', memberIds: [m1.userId, m2.userId] });
    expect(json<TeamView>(patched).memberIds.sort()).toEqual([m1.userId, m2.userId].sort());
    const list = json<{ data: TeamView[] }>(await call(ta, 'GET', '/api/v1/service/teams', m1));
    expect(list.data.map((t) => t.name)).toContain('Tier one');
    expect(await call(ta, 'GET', `/api/v1/service/teams/${team.id}`, stranger)).toMatchObject({ statusCode: 404 });
    const t = await newTicket(ta, a, { teamId: team.id });
    expect(t.teamId).toBe(team.id);
    expect((await call(ta, 'DELETE', `/api/v1/service/teams/${team.id}`, a)).statusCode).toBe(204);
    const after = json<{ teamId: string | null }>(await call(ta, 'GET', `/api/v1/tickets/${t.id}`, a));
    expect(after.teamId).toBeNull();
    const actions = (await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', team.id).execute()).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['service.team_created', 'service.team_updated', 'service.team_deleted']));
  });

  it('round robin: turns go round the agents (never a viewer), fairly when tickets arrive at once; a team limits it to its members', async () => {
    const res = await call(ta, 'PATCH', '/api/v1/service/settings', a, { autoAssign: 'round_robin' });
    expect(res.statusCode, res.body).toBe(200);
    const agents = [a.userId, m1.userId, m2.userId];
    const made = await Promise.all(Array.from({ length: 9 }, (_, i) => createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: `RR ${i}`, body: 'x', requesterEmail: `rr${i}@example.com`, channel: 'portal' })));
    const counts = new Map<string, number>();
    for (const t of made) counts.set(t.assignee_id ?? 'none', (counts.get(t.assignee_id ?? 'none') ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(agents.map((id) => [id, 3])));
    // In creation order the turns follow the id order.
    const byNumber = [...made].sort((x, y) => x.number - y.number).map((t) => t.assignee_id);
    const sorted = [...agents].sort();
    const start = sorted.indexOf(byNumber[0] ?? '');
    expect(byNumber).toEqual(Array.from({ length: 9 }, (_, i) => sorted[(start + i) % 3]));
    const team = json<TeamView>(await call(ta, 'POST', '/api/v1/service/teams', a, { name: 'Billing', memberIds: [m2.userId] }));
    const t1 = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Invoice', body: 'x', requesterEmail: 'inv@example.com', channel: 'email', teamId: team.id });
    const t2 = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Invoice 2', body: 'x', requesterEmail: 'inv@example.com', channel: 'email', teamId: team.id });
    expect([t1.assignee_id, t2.assignee_id]).toEqual([m2.userId, m2.userId]);
    // An assignee named by the caller wins over the rotation.
    const t3 = await newTicket(ta, a, { assigneeId: m1.userId });
    expect(t3.assigneeId).toBe(m1.userId);
    await call(ta, 'PATCH', '/api/v1/service/settings', a, { autoAssign: 'none' });
    expect((await newTicket(ta, a)).assigneeId).toBeNull();
  });

  it('assigning by PATCH: a member who works tickets, or nobody', async () => {
    const t = await newTicket(ta, a);
    expectError(await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { assigneeId: viewer.userId }), 400, 'validation_failed');
    const res = await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { assigneeId: m1.userId });
    expect(json<{ assigneeId: string }>(res).assigneeId).toBe(m1.userId);
    const cleared = await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { assigneeId: null });
    expect(json<{ assigneeId: string | null }>(cleared).assigneeId).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type OutboxMail, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call } from '../workspaces/test-support.js';
import { slaOnChange, slaOnCreate } from './sla-hooks.js';
import { anySlaDue, SLA_WARNINGS_JOB } from './sla-jobs.js';
import { insertTicket, ticketRow } from './sla-test-support.js';

describe.each(testDialects)('SLA warnings job on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let agent: { userId: string; email: string };
  const ownerEmail = 'sla-jobs-owner@toko.example';

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: ownerEmail });
    agent = await addMember(ta, owner, { email: 'sla-agent@toko.example', name: 'Sari' }, 'member');
    await ta.ctx.db.k.updateTable('users').set({ locale: 'id' }).where('id', '=', agent.userId).execute();
    expect((await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', owner, {})).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  const slaMails = async (): Promise<OutboxMail[]> => (await ta.outbox()).filter((m) => /#\d+/.test(m.subject));
  const run = async (at: string): Promise<unknown> => {
    ta.clock.set(at);
    const id = await ta.ctx.queue.enqueue(SLA_WARNINGS_JOB, null);
    await ta.drain();
    const job = await ta.ctx.queue.get(id);
    expect(job?.status).toBe('completed');
    return job?.result;
  };

  it('warns once before a due time, then stamps and mails the breach once, in the assignee’s language', async () => {
    expect(await anySlaDue(ta.ctx.db.k, new Date('2026-11-30T02:00:00Z'))).toBe(false);
    // Mon 30 Nov 2026 09:00 WIB, urgent: first response due 10:00 WIB, resolution 13:00 WIB
    ta.clock.set('2026-11-30T02:00:00Z');
    const t = await insertTicket(ta, owner.workspaceId, { priority: 'urgent', assignee_id: agent.userId, number: 41 });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    expect(await anySlaDue(ta.ctx.db.k, ta.clock.now())).toBe(true);

    expect(await run('2026-11-30T02:10:00Z')).toEqual({ warned: 1, breached: 0 });
    let mails = await slaMails();
    expect(mails.map((m) => [m.to, m.subject])).toEqual([['sla-agent@toko.example', 'Tiket #41 hampir melewati target respons pertama']]);
    expect(mails[0]?.text).toContain('10.00 (Asia/Jakarta)');
    expect(mails[0]?.text).toContain(`/service/tickets/${t.id}`);

    expect(await run('2026-11-30T02:20:00Z')).toEqual({ warned: 0, breached: 0 });

    expect(await run('2026-11-30T03:05:00Z')).toEqual({ warned: 0, breached: 1 });
    const row = await ticketRow(ta, t.id);
    expect(row.first_response_breached_at).toBe('2026-11-30T03:00:00.000Z');
    mails = await slaMails();
    expect(mails.map((m) => m.subject)).toContain('Tiket #41 melewati target respons pertama');
    expect(await run('2026-11-30T03:10:00Z')).toEqual({ warned: 0, breached: 0 });

    // 12:10 WIB: 50 business minutes before the resolution is due
    expect(await run('2026-11-30T05:10:00Z')).toEqual({ warned: 1, breached: 0 });
    expect((await slaMails()).map((m) => m.subject)).toContain('Tiket #41 hampir melewati target penyelesaian');
  });

  it('lifts a breach and warns afresh when a lower priority moves the due time back into the future', async () => {
    ta.clock.set('2026-11-30T02:00:00Z'); // Mon 09:00 WIB, urgent: first response due 10:00 WIB
    const t = await insertTicket(ta, owner.workspaceId, { priority: 'urgent', assignee_id: agent.userId, number: 43 });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    await run('2026-11-30T03:30:00Z');
    expect((await ticketRow(ta, t.id)).first_response_breached_at).toBe('2026-11-30T03:00:00.000Z');

    await ta.ctx.db.k.updateTable('tickets').set({ priority: 'low' }).where('id', '=', t.id).execute();
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { priority: 'low' });
    const row = await ticketRow(ta, t.id);
    expect([row.first_response_due_at, row.first_response_breached_at, row.sla_warned]).toEqual(['2026-11-30T10:00:00.000Z', null, '[]']);
    await run('2026-11-30T09:30:00Z');
    expect((await slaMails()).filter((m) => m.subject.includes('#43')).map((m) => m.subject)).toEqual(['Tiket #43 melewati target respons pertama', 'Tiket #43 hampir melewati target respons pertama']);
  });

  it('mails the workspace owners when nobody is assigned, and stops the resolution clock while pending', async () => {
    ta.clock.set('2026-11-30T02:00:00Z');
    const t = await insertTicket(ta, owner.workspaceId, { priority: 'normal', number: 42 });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { firstPublicAgentReplyAt: new Date('2026-11-30T02:30:00Z') });
    await ta.ctx.db.k.updateTable('tickets').set({ status: 'pending' }).where('id', '=', t.id).execute();
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { status: 'pending' });
    // Resolution due Wed 2 Dec 17:00 WIB; long past it, but paused: no mail
    await run('2026-12-03T05:00:00Z');
    expect((await slaMails()).filter((m) => m.subject.includes('#42'))).toEqual([]);

    await ta.ctx.db.k.updateTable('tickets').set({ status: 'open' }).where('id', '=', t.id).execute();
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { status: 'open' });
    const row = await ticketRow(ta, t.id);
    // Paused Mon 09:00 WIB → Thu 12:00 WIB: 27 business hours move the due date to Tue 8 Dec 12:00 WIB
    expect(row.sla_paused_ms).toBe(27 * 3_600_000);
    expect(row.resolution_due_at).toBe('2026-12-08T05:00:00.000Z');
    await run('2026-12-08T04:10:00Z');
    const mine = (await slaMails()).filter((m) => m.subject.includes('#42'));
    expect(mine.map((m) => [m.to, m.subject])).toEqual([[ownerEmail, 'Ticket #42 is close to missing its resolution target']]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { slaOnChange, slaOnCreate } from './sla-hooks.js';
import type { PolicyView } from './sla-service.js';
import { insertTicket, ticketRow } from './sla-test-support.js';
import type { TicketPriority, TicketStatus } from './tables.js';

interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  holidayRegions: string[];
}

describe.each(testDialects)('SLA policies, calendars and the ticket clock on %s', (dialect) => {
  let ta: TestApp;
  let a: { cookie: string; userId: string; workspaceId: string };
  let policy: PolicyView;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'sla-owner@toko.example' });
  });
  afterAll(async () => {
    await ta?.close();
  });

  const update = async (id: string, change: { status?: TicketStatus; priority?: TicketPriority }): Promise<void> => {
    await ta.ctx.db.k.updateTable('tickets').set(change).where('id', '=', id).execute();
    await slaOnChange(ta.ctx, ta.ctx.db.k, id, change);
  };

  it('leaves a ticket without due dates while the workspace has no policy', async () => {
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/service/sla-policies', a)).data).toEqual([]);
    const t = await insertTicket(ta, a.workspaceId);
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    const row = await ticketRow(ta, t.id);
    expect([row.sla_policy_id, row.first_response_due_at, row.resolution_due_at]).toEqual([null, null, null]);
  });

  it('creates the suggested calendar and default policy once', async () => {
    const res = await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', a, {});
    expect(res.statusCode, res.body).toBe(201);
    policy = json<PolicyView>(res);
    expect(policy).toMatchObject({ name: 'Standard', isDefault: true, warnBeforeMinutes: 60 });
    expect(policy.targets.urgent).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 240 });
    expect(policy.targets.low).toEqual({ firstResponseMinutes: 480, resolutionMinutes: 2400 });
    const again = await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', a, {});
    expect(again.statusCode).toBe(200);
    expect(json<PolicyView>(again).id).toBe(policy.id);
    const cals = json<{ data: Calendar[] }>(await call(ta, 'GET', '/api/v1/service/calendars', a)).data;
    expect(cals).toEqual([expect.objectContaining({ id: policy.calendarId, name: 'Business hours', timeZone: 'Asia/Jakarta', holidayRegions: ['ID'] })]);
  });

  it('keeps one default policy per workspace and refuses to delete a calendar in use', async () => {
    const cal = json<Calendar>(
      await call(ta, 'POST', '/api/v1/service/calendars', a, {
        name: 'New York desk',
        timeZone: 'America/New_York',
        hours: { sun: [], mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']], sat: [] },
        holidayRegions: ['US'],
      }),
    );
    const second = await call(ta, 'POST', '/api/v1/service/sla-policies', a, { name: 'US', calendarId: cal.id, targets: policy.targets, isDefault: true });
    expect(second.statusCode, second.body).toBe(201);
    const list = json<{ data: PolicyView[] }>(await call(ta, 'GET', '/api/v1/service/sla-policies', a)).data;
    expect(list.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['US']);
    expectError(await call(ta, 'DELETE', `/api/v1/service/calendars/${cal.id}`, a), 409, 'calendar_in_use');
    const back = await call(ta, 'PATCH', `/api/v1/service/sla-policies/${policy.id}`, a, { isDefault: true });
    expect(json<PolicyView>(back).isDefault).toBe(true);
    expect(await call(ta, 'DELETE', `/api/v1/service/sla-policies/${json<PolicyView>(second).id}`, a)).toHaveProperty('statusCode', 204);
    expect(await call(ta, 'DELETE', `/api/v1/service/calendars/${cal.id}`, a)).toHaveProperty('statusCode', 204);
  });

  it('refuses overlapping hours, an unknown time zone and another workspace’s calendar with 4xx codes', async () => {
    const bad = await call(ta, 'POST', '/api/v1/service/calendars', a, { name: 'x', timeZone: 'Asia/Jakarta', hours: { sun: [], mon: [['09:00', '12:00'], ['11:00', '13:00']], tue: [], wed: [], thu: [], fri: [], sat: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/overlaps/);
    expect((await call(ta, 'POST', '/api/v1/service/calendars', a, { name: 'x', timeZone: 'Mars/Base', hours: { sun: [], mon: [['09:00', '12:00']], tue: [], wed: [], thu: [], fri: [], sat: [] } })).statusCode).toBe(400);
    const b = await signUp(ta, { email: 'sla-other@toko.example' });
    expectError(await call(ta, 'POST', '/api/v1/service/sla-policies', b, { name: 'Theirs', calendarId: policy.calendarId, targets: policy.targets }), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/service/sla-policies/${policy.id}`, b), 404, 'not_found');
  });

  it('lists holidays by region and year, and says when an Indonesian year is not published', async () => {
    const id2026 = json<{ data: { date: string; name: string }[] }>(await call(ta, 'GET', '/api/v1/service/holidays?region=ID&year=2026', a)).data;
    expect(id2026).toHaveLength(25);
    expect(id2026[0]).toEqual({ date: '2026-01-01', name: 'Libur nasional: Tahun Baru 2026 Masehi' });
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/service/holidays?region=US&year=2026', a)).data).toHaveLength(11);
    expectError(await call(ta, 'GET', '/api/v1/service/holidays?region=ID&year=2031', a), 404, 'holidays_unknown_year');
    expect((await call(ta, 'GET', '/api/v1/service/holidays?region=FR&year=2026', a)).statusCode).toBe(400);
  });

  it('sets due dates in business time, recomputes them on a priority change and pauses while pending', async () => {
    // Fri 27 Nov 2026 16:00 WIB, urgent: first response 17:00 WIB, resolution Mon 30 Nov 12:00 WIB
    ta.clock.set('2026-11-27T09:00:00Z');
    const t = await insertTicket(ta, a.workspaceId, { priority: 'urgent' });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    let row = await ticketRow(ta, t.id);
    expect(row.sla_policy_id).toBe(policy.id);
    expect([row.first_response_due_at, row.resolution_due_at]).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-30T05:00:00.000Z']);

    // low, from creation: 8 h → Mon 16:00 WIB; 5 days → Fri 4 Dec 16:00 WIB
    ta.clock.set('2026-11-27T09:30:00Z');
    await update(t.id, { priority: 'low' });
    row = await ticketRow(ta, t.id);
    expect([row.first_response_due_at, row.resolution_due_at]).toEqual(['2026-11-30T09:00:00.000Z', '2026-12-04T09:00:00.000Z']);

    // pending Mon 10:00 → open Tue 10:00 WIB: 8 business hours stood still
    ta.clock.set('2026-11-30T03:00:00Z');
    await update(t.id, { status: 'pending' });
    expect((await ticketRow(ta, t.id)).sla_paused_at).toBe('2026-11-30T03:00:00.000Z');
    ta.clock.set('2026-12-01T03:00:00Z');
    await update(t.id, { status: 'open' });
    row = await ticketRow(ta, t.id);
    expect(row.sla_paused_at).toBeNull();
    expect(row.sla_paused_ms).toBe(8 * 3_600_000);
    expect(row.resolution_due_at).toBe('2026-12-07T09:00:00.000Z');

    // a priority change now still counts the pause
    await update(t.id, { priority: 'low' });
    expect((await ticketRow(ta, t.id)).resolution_due_at).toBe('2026-12-07T09:00:00.000Z');

    // the first public reply after Mon 16:00 WIB is late
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { firstPublicAgentReplyAt: new Date('2026-12-01T03:00:00Z') });
    row = await ticketRow(ta, t.id);
    expect([row.first_responded_at, row.first_response_breached_at]).toEqual(['2026-12-01T03:00:00.000Z', '2026-11-30T09:00:00.000Z']);

    // solved in time
    ta.clock.set('2026-12-03T03:00:00Z');
    await ta.ctx.db.k.updateTable('tickets').set({ solved_at: '2026-12-03T03:00:00.000Z' }).where('id', '=', t.id).execute();
    await update(t.id, { status: 'solved' });
    row = await ticketRow(ta, t.id);
    expect(row.resolution_breached_at).toBeNull();
    expect(row.sla_paused_at).toBe('2026-12-03T03:00:00.000Z');
  });

  it('stamps a resolution breach when a ticket is solved after its due time, and not for a reply in time', async () => {
    ta.clock.set('2026-11-30T02:00:00Z'); // Mon 09:00 WIB
    const t = await insertTicket(ta, a.workspaceId, { priority: 'urgent' });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { firstPublicAgentReplyAt: new Date('2026-11-30T02:30:00Z') });
    let row = await ticketRow(ta, t.id);
    expect([row.first_responded_at, row.first_response_breached_at]).toEqual(['2026-11-30T02:30:00.000Z', null]);
    ta.clock.set('2026-11-30T08:00:00Z'); // 15:00 WIB, due 13:00
    await update(t.id, { status: 'solved' });
    row = await ticketRow(ta, t.id);
    expect(row.resolution_breached_at).toBe('2026-11-30T06:00:00.000Z');
  });

  it('ends the first-response clock with the ticket when it is solved without a public reply', async () => {
    ta.clock.set('2026-11-30T02:00:00Z'); // Mon 09:00 WIB, urgent
    const inTime = await insertTicket(ta, a.workspaceId, { priority: 'urgent' });
    const late = await insertTicket(ta, a.workspaceId, { priority: 'urgent' });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, inTime.id);
    await slaOnCreate(ta.ctx, ta.ctx.db.k, late.id);
    ta.clock.set('2026-11-30T02:40:00Z');
    await update(inTime.id, { status: 'solved' });
    ta.clock.set('2026-11-30T03:20:00Z');
    await update(late.id, { status: 'solved' });
    expect((await ticketRow(ta, inTime.id)).first_response_breached_at).toBeNull();
    expect((await ticketRow(ta, late.id)).first_response_breached_at).toBe('2026-11-30T03:00:00.000Z');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';

interface Sla {
  policyId: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
  paused: boolean;
}
interface Ticket {
  id: string;
  sla: Sla;
}

/** The SLA clock as an agent sees it through the tickets API. */
describe.each(testDialects)('SLA through the tickets API on %s', (dialect) => {
  let ta: TestApp;
  let a: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'sla-desk@toko.example' });
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  const get = async (id: string): Promise<Sla> => json<Ticket>(await call(ta, 'GET', `/api/v1/tickets/${id}`, a)).sla;

  it('gives a new ticket due dates, stops the clock while pending and stamps the first reply', async () => {
    const before = json<Ticket>(await call(ta, 'POST', '/api/v1/tickets', a, { subject: 'No SLA yet', body: 'Hello', requesterEmail: 'budi@pelanggan.example' }));
    expect(before.sla).toMatchObject({ policyId: null, firstResponseDueAt: null, resolutionDueAt: null });

    const policy = json<{ id: string }>(await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', a, { timeZone: 'Asia/Makassar' }));
    // Fri 27 Nov 2026 16:30 WITA, high: first response 4 h → Mon 30 Nov 12:30 WITA; resolution 8 h → Mon 16:30 WITA
    ta.clock.set('2026-11-27T08:30:00Z');
    const res = await call(ta, 'POST', '/api/v1/tickets', a, { subject: 'Invoice wrong', body: 'The total is off', requesterEmail: 'sari@pelanggan.example', priority: 'high' });
    expect(res.statusCode, res.body).toBe(201);
    const t = json<Ticket>(res);
    expect(t.sla).toMatchObject({ policyId: policy.id, firstResponseDueAt: '2026-11-30T04:30:00.000Z', resolutionDueAt: '2026-11-30T08:30:00.000Z', paused: false });

    ta.clock.set('2026-11-30T01:00:00Z'); // Mon 09:00 WITA
    expect((await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: 'Looking into it' })).statusCode).toBe(201);
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'pending' })).statusCode).toBe(200);
    let sla = await get(t.id);
    expect(sla).toMatchObject({ firstRespondedAt: '2026-11-30T01:00:00.000Z', firstResponseBreachedAt: null, paused: true });

    ta.clock.set('2026-11-30T03:00:00Z'); // two business hours later: the resolution moves to Tue 1 Dec 10:30 WITA
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'open' })).statusCode).toBe(200);
    sla = await get(t.id);
    expect(sla).toMatchObject({ paused: false, resolutionDueAt: '2026-12-01T02:30:00.000Z' });

    ta.clock.set('2026-12-01T03:00:00Z');
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'solved' })).statusCode).toBe(200);
    expect((await get(t.id)).resolutionBreachedAt).toBe('2026-12-01T02:30:00.000Z');
  });
  it('re-applies a policy whose targets or calendar change to its open tickets, leaving answered first responses and solved tickets alone', async () => {
    const b = await signUp(ta, { email: 'sla-recompute@toko.example' });
    const policy = json<{ id: string; calendarId: string }>(await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', b, { timeZone: 'Asia/Jakarta' }));
    ta.clock.set('2026-12-01T02:00:00Z'); // Tue 09:00 WIB
    const open = async (subject: string) => json<Ticket>(await call(ta, 'POST', '/api/v1/tickets', b, { subject, body: 'Help', requesterEmail: 'dewi@pelanggan.example', priority: 'high' }));
    const waiting = await open('Waiting');
    const answered = await open('Answered');
    const solved = await open('Solved');
    const sla = async (id: string): Promise<Sla> => json<Ticket>(await call(ta, 'GET', `/api/v1/tickets/${id}`, b)).sla;
    // High: first response 4 h → 13:00 WIB, resolution 8 h → 17:00 WIB.
    expect(await sla(waiting.id)).toMatchObject({ firstResponseDueAt: '2026-12-01T06:00:00.000Z', resolutionDueAt: '2026-12-01T10:00:00.000Z' });
    ta.clock.set('2026-12-01T03:00:00Z');
    expect((await call(ta, 'POST', `/api/v1/tickets/${answered.id}/replies`, b, { body: 'On it' })).statusCode).toBe(201);
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${solved.id}`, b, { status: 'solved' })).statusCode).toBe(200);
    const solvedBefore = await sla(solved.id);

    const targets = { urgent: { firstResponseMinutes: 30, resolutionMinutes: 120 }, high: { firstResponseMinutes: 120, resolutionMinutes: 240 }, normal: { firstResponseMinutes: 480, resolutionMinutes: 1440 }, low: { firstResponseMinutes: 480, resolutionMinutes: 2400 } };
    const res = await call(ta, 'PATCH', `/api/v1/service/sla-policies/${policy.id}`, b, { targets });
    expect(res.statusCode, res.body).toBe(200);
    expect(await sla(waiting.id)).toMatchObject({ firstResponseDueAt: '2026-12-01T04:00:00.000Z', resolutionDueAt: '2026-12-01T06:00:00.000Z' });
    expect(await sla(answered.id)).toMatchObject({ firstResponseDueAt: '2026-12-01T06:00:00.000Z', firstRespondedAt: '2026-12-01T03:00:00.000Z', resolutionDueAt: '2026-12-01T06:00:00.000Z' });
    expect(await sla(solved.id)).toEqual(solvedBefore);

    // Tuesday becomes a company holiday: the open tickets' clocks start on Wednesday 09:00 WIB instead.
    const cal = await call(ta, 'PATCH', `/api/v1/service/calendars/${policy.calendarId}`, b, { extraHolidays: [{ date: '2026-12-01', name: 'Company offsite' }] });
    expect(cal.statusCode, cal.body).toBe(200);
    expect(await sla(waiting.id)).toMatchObject({ firstResponseDueAt: '2026-12-02T04:00:00.000Z', resolutionDueAt: '2026-12-02T06:00:00.000Z' });
    expect(await sla(solved.id)).toEqual(solvedBefore);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'details']).where('workspace_id', '=', b.workspaceId).where('action', 'in', ['sla_policy.updated', 'service_calendar.updated']).orderBy('seq').execute();
    expect(audits.map((r) => [r.action, JSON.parse(r.details ?? '{}')])).toEqual([
      ['sla_policy.updated', { ticketsRecomputed: 2 }],
      ['service_calendar.updated', { ticketsRecomputed: 2 }],
    ]);
    // A rename moves nothing.
    expect((await call(ta, 'PATCH', `/api/v1/service/sla-policies/${policy.id}`, b, { name: 'Renamed' })).statusCode).toBe(200);
    expect(await sla(waiting.id)).toMatchObject({ firstResponseDueAt: '2026-12-02T04:00:00.000Z' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { slaOnChange, slaOnCreate } from './sla-hooks.js';
import type { SlaReport } from './sla-report.js';
import { insertTicket } from './sla-test-support.js';
import type { TicketPriority } from './tables.js';

describe.each(testDialects)('SLA report on %s', (dialect) => {
  let ta: TestApp;
  let a: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'sla-report@toko.example' });
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  const ticket = async (priority: TicketPriority, created: string, repliedAt?: string, solvedAt?: string): Promise<void> => {
    ta.clock.set(created);
    const t = await insertTicket(ta, a.workspaceId, { priority });
    await slaOnCreate(ta.ctx, ta.ctx.db.k, t.id);
    if (repliedAt) await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { firstPublicAgentReplyAt: new Date(repliedAt) });
    if (solvedAt) {
      ta.clock.set(solvedAt);
      await ta.ctx.db.k.updateTable('tickets').set({ status: 'solved', solved_at: solvedAt }).where('id', '=', t.id).execute();
      await slaOnChange(ta.ctx, ta.ctx.db.k, t.id, { status: 'solved' });
    }
  };

  it('counts met, breached and pending clocks by priority with average business minutes', async () => {
    await ticket('low', '2026-11-30T01:00:00Z'); // before the workspace had a policy: not counted
    expect((await call(ta, 'POST', '/api/v1/service/sla-policies/defaults', a, {})).statusCode).toBe(201);
    // Mon 30 Nov 2026 09:00 WIB; urgent targets 1 h and 4 h
    await ticket('urgent', '2026-11-30T02:00:00Z', '2026-11-30T02:30:00Z', '2026-11-30T05:00:00Z');
    await ticket('urgent', '2026-11-30T02:00:00Z', '2026-11-30T03:30:00Z', '2026-11-30T08:00:00Z');
    await ticket('normal', '2026-11-30T02:00:00Z');
    await ticket('low', '2026-11-30T02:00:00Z', undefined, '2026-11-30T03:00:00Z'); // solved in an hour with no public reply
    await ticket('high', '2026-12-01T02:00:00Z'); // outside the range
    ta.clock.set('2026-11-30T08:00:00Z');

    const res = await call(ta, 'GET', '/api/v1/service/reports/sla?from=2026-11-30&to=2026-11-30', a);
    expect(res.statusCode, res.body).toBe(200);
    const r = json<SlaReport>(res);
    const urgent = r.byPriority.find((p) => p.priority === 'urgent');
    expect(urgent).toEqual({
      priority: 'urgent',
      tickets: 2,
      firstResponse: { met: 1, breached: 1, pending: 0, avgBusinessMinutes: 60 },
      resolution: { met: 1, breached: 1, pending: 0, avgBusinessMinutes: 270 },
    });
    expect(r.byPriority.find((p) => p.priority === 'normal')).toMatchObject({ tickets: 1, firstResponse: { pending: 1, avgBusinessMinutes: null }, resolution: { pending: 1 } });
    expect(r.byPriority.find((p) => p.priority === 'high')?.tickets).toBe(0);
    expect(r.byPriority.find((p) => p.priority === 'low')).toMatchObject({ tickets: 1, firstResponse: { met: 1, avgBusinessMinutes: null }, resolution: { met: 1, avgBusinessMinutes: 60 } });
    expect(r.totals).toEqual({ tickets: 4, firstResponse: { met: 2, breached: 1, pending: 1, avgBusinessMinutes: 60 }, resolution: { met: 2, breached: 1, pending: 1, avgBusinessMinutes: 200 } });

    // The normal ticket's first response was due at 17:00 WIB: unanswered after it, it counts as breached
    ta.clock.set('2026-11-30T10:30:00Z');
    const later = json<SlaReport>(await call(ta, 'GET', '/api/v1/service/reports/sla?from=2026-11-01&to=2026-12-31', a));
    expect(later.totals.tickets).toBe(5);
    expect(later.byPriority.find((p) => p.priority === 'normal')?.firstResponse).toMatchObject({ breached: 1, pending: 0 });
  });

  it('refuses a range that ends before it starts or spans more than a year', async () => {
    expectError(await call(ta, 'GET', '/api/v1/service/reports/sla?from=2026-12-01&to=2026-11-01', a), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/service/reports/sla?from=2024-01-01&to=2026-11-01', a), 400, 'validation_failed');
    expect((await call(ta, 'GET', '/api/v1/service/reports/sla?from=yesterday&to=2026-11-01', a)).statusCode).toBe(400);
  });

  it('shows another workspace nothing of these tickets', async () => {
    const b = await signUp(ta, { email: 'sla-report-b@toko.example' });
    const r = json<SlaReport>(await call(ta, 'GET', '/api/v1/service/reports/sla?from=2026-11-01&to=2026-12-31', b));
    expect(r.totals.tickets).toBe(0);
  });
});

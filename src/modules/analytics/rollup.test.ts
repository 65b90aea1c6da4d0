import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { registerRollupJobs, ROLLUP_RECENT_JOB } from './jobs-rollup.js';
import { catchUp, daysBetween, missingDays, rollupDay, rollupRecent, shiftDay } from './rollup.js';
import { insertEvents } from './rollup-test-support.js';

describe('day arithmetic', () => {
  it('steps over month and year ends', () => {
    expect(shiftDay('2026-02-28', 1)).toBe('2026-03-01');
    expect(shiftDay('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
  });
});

describe.each(testDialects)('daily aggregates on %s', (dialect) => {
  let ta: TestApp;
  let ws: string;

  const daily = (site: string | null, day: string) => {
    let q = ta.ctx.db.k.selectFrom('analytics_daily').select(['dimension', 'value', 'visitors', 'pageviews', 'sessions', 'bounces', 'engaged_ms', 'events']).where('day', '=', day);
    q = site === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', site);
    return q.orderBy('dimension').orderBy('value').execute();
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set('2026-03-15T00:05:00.000Z');
    ws = (await signUp(ta, { email: 'rollup@example.com' })).workspaceId;
    await insertEvents(ta.ctx.db.k, [
      { workspace_id: null, visitor_hash: 'p1', occurred_at: '2026-03-10T10:00:00.000Z', path: '/', country: 'ID', engaged_ms: 20_000 },
      { workspace_id: null, visitor_hash: 'p2', occurred_at: '2026-03-10T11:00:00.000Z', path: '/docs', referrer_host: 'github.com' },
      { workspace_id: ws, visitor_id: 'w1', occurred_at: '2026-03-12T09:00:00.000Z', path: '/shop' },
      { workspace_id: ws, visitor_id: 'w1', occurred_at: '2026-03-14T23:59:00.000Z', path: '/shop' },
      { workspace_id: ws, visitor_id: 'w2', occurred_at: '2026-03-15T00:01:00.000Z', path: '/cart', type: 'feature', feature: 'cart.add' },
    ]);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('writes one row per dimension value, the same rows however often it runs (also for the platform, whose workspace_id is null)', async () => {
    await rollupDay(ta.ctx, null, '2026-03-10');
    const first = await daily(null, '2026-03-10');
    await rollupDay(ta.ctx, null, '2026-03-10');
    await Promise.all([rollupDay(ta.ctx, null, '2026-03-10'), rollupDay(ta.ctx, null, '2026-03-10')]);
    expect(await daily(null, '2026-03-10')).toEqual(first);
    expect(first.find((r) => r.dimension === 'total')).toEqual({ dimension: 'total', value: '', visitors: 2, pageviews: 2, sessions: 2, bounces: 1, engaged_ms: 20_000, events: 0 });
    expect(first.filter((r) => r.dimension === 'referrer').map((r) => [r.value, r.sessions])).toEqual([['', 1], ['github.com', 1]]);
    expect(first.filter((r) => r.dimension === 'country').map((r) => r.value)).toEqual(['', 'ID']);
    expect(new Set(first.map((r) => `${r.dimension}:${r.value}`)).size).toBe(first.length);
  });

  it('catches up past days with events but no aggregates, never today', async () => {
    expect(await missingDays(ta.ctx, ws, '2026-03-15')).toEqual(['2026-03-12', '2026-03-14']);
    expect(await catchUp(ta.ctx)).toEqual({ days: 2, rows: expect.any(Number) as number });
    expect(await missingDays(ta.ctx, ws, '2026-03-15')).toEqual([]);
    expect(await daily(ws, '2026-03-15')).toEqual([]);
    expect((await catchUp(ta.ctx)).days).toBe(0);
  });

  it('redoes today and yesterday every ten minutes, through the job queue', async () => {
    registerRollupJobs(ta.ctx);
    await insertEvents(ta.ctx.db.k, [{ workspace_id: ws, visitor_id: 'w3', occurred_at: '2026-03-14T23:59:59.000Z', path: '/late' }]);
    await ta.ctx.queue.enqueue(ROLLUP_RECENT_JOB, null);
    await ta.drain();
    expect((await daily(ws, '2026-03-14')).find((r) => r.dimension === 'total')).toMatchObject({ visitors: 2, pageviews: 2 });
    expect((await daily(ws, '2026-03-15')).find((r) => r.dimension === 'feature')).toMatchObject({ value: 'cart.add', events: 1, visitors: 1 });
    expect(await rollupRecent(ta.ctx)).toMatchObject({ days: 2 });
    // total, the page and one (empty) value of each of the eight session breakdowns; no feature was used
    expect(await daily(ws, '2026-03-12')).toHaveLength(10);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../../cli/admin.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError, loginCookie } from '../workspaces/test-support.js';
import type { Dashboard } from './dashboard.js';
import { BREAKDOWNS } from './dashboard-schema.js';
import { catchUp, rollupRecent } from './rollup.js';
import { insertEvents, type EventSeed } from './rollup-test-support.js';

type Who = { cookie: string; workspaceId?: string };
type Rows = { data: { value: string; visitors: number; pageviews: number; bounceRate: number; avgEngagedMs: number; events: number }[] };

/** A week of traffic for one site: `scale` visitors a day, a few pages, referrers, campaigns and countries. */
function traffic(site: string | null, scale: number, days: string[]): EventSeed[] {
  const out: EventSeed[] = [];
  days.forEach((day, d) => {
    for (let v = 0; v < scale + d; v++) {
      const base = { workspace_id: site, visitor_hash: `${site ?? 'platform'}-${day}-${v}`, referrer_host: ['google.com', null, 'news.example'][v % 3] ?? null, utm_campaign: v % 4 === 0 ? 'launch' : null, country: ['ID', 'SG', 'MY'][v % 3] ?? null, browser: 'Firefox', os: 'Linux', device: v % 2 ? 'mobile' : 'desktop' };
      out.push({ ...base, occurred_at: `${day}T0${v % 10}:00:00.000Z`, path: `/p${v % 5}`, engaged_ms: (v % 4) * 4_000 });
      if (v % 3 === 0) out.push({ ...base, occurred_at: `${day}T0${v % 10}:10:00.000Z`, path: '/pricing', engaged_ms: 12_000 });
      if (v % 5 === 0) out.push({ ...base, occurred_at: `${day}T0${v % 10}:11:00.000Z`, type: 'feature', feature: 'demo.request', path: '/pricing' });
    }
  });
  return out;
}

const week = (first: number): string[] => Array.from({ length: 7 }, (_, i) => `2026-03-${String(first + i).padStart(2, '0')}`);

describe.each(testDialects)('analytics dashboard on %s', (dialect) => {
  let ta: TestApp;
  let a: Who & { workspaceId: string };
  let b: Who & { workspaceId: string };
  let operator: Who;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set('2026-03-15T12:00:00.000Z');
    a = await signUp(ta, { email: 'dash-a@example.com', company: 'Alpha' });
    b = await signUp(ta, { email: 'dash-b@example.com', company: 'Beta' });
    await createOperator(ta.ctx, { email: 'op@platform.example', password: 'operator passphrase 1', name: 'Opi' });
    operator = { cookie: await loginCookie(ta, 'op@platform.example', 'operator passphrase 1') };
    const days = [...week(1), ...week(8), '2026-03-15'];
    await insertEvents(ta.ctx.db.k, [...traffic(a.workspaceId, 6, days), ...traffic(b.workspaceId, 40, days), ...traffic(null, 3, days)]);
  });
  afterAll(async () => {
    await ta.close();
  });

  const get = async <T>(who: Who, url: string): Promise<T> => {
    const res = await call(ta, 'GET', url, who);
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };

  async function everything(who: Who, prefix: string): Promise<unknown[]> {
    const out: unknown[] = [await get(who, `${prefix}/dashboard?from=2026-03-01&to=2026-03-15&compare=previous`)];
    for (const d of BREAKDOWNS) out.push(await get(who, `${prefix}/breakdown?dimension=${d}&from=2026-03-01&to=2026-03-15&limit=50`));
    return out;
  }

  it('gives the same numbers from the raw events and from the aggregates', async () => {
    const before = await everything(a, '/api/v1/analytics');
    const platformBefore = await everything(operator, '/api/v1/platform/analytics');
    expect(await catchUp(ta.ctx)).toMatchObject({ days: 3 * 14 });
    await rollupRecent(ta.ctx);
    const rows = await ta.ctx.db.k.selectFrom('analytics_daily').select('day').where('workspace_id', '=', a.workspaceId).where('dimension', '=', 'total').execute();
    expect(rows).toHaveLength(15);
    expect(await everything(a, '/api/v1/analytics')).toEqual(before);
    expect(await everything(operator, '/api/v1/platform/analytics')).toEqual(platformBefore);
  });

  it('adds today’s new events at once, though its aggregates are older', async () => {
    const q = '/api/v1/analytics/dashboard?from=2026-03-15&to=2026-03-15';
    const before = await get<Dashboard>(a, q);
    await insertEvents(ta.ctx.db.k, [{ workspace_id: a.workspaceId, visitor_id: 'late-visitor', occurred_at: '2026-03-15T11:59:00.000Z' }]);
    const after = await get<Dashboard>(a, q);
    expect(after.totals.visitors).toBe(before.totals.visitors + 1);
    expect(after.totals.pageviews).toBe(before.totals.pageviews + 1);
  });

  it('sums a range, fills empty days with zeros and compares with the range of equal length before', async () => {
    const d = await get<Dashboard>(a, '/api/v1/analytics/dashboard?from=2026-03-08&to=2026-03-14&compare=previous');
    expect(d.series.map((p) => p.day)).toEqual(week(8));
    expect(d.previous).toMatchObject({ from: '2026-03-01', to: '2026-03-07' });
    expect(d.previousSeries?.map((p) => p.day)).toEqual(week(1));
    // 6 + d visitors on the d-th day of the seed
    expect(d.totals.visitors).toBe([13, 14, 15, 16, 17, 18, 19].reduce((s, n) => s + n, 0));
    expect(d.previous?.visitors).toBe([6, 7, 8, 9, 10, 11, 12].reduce((s, n) => s + n, 0));
    const prev = await get<Dashboard>(a, '/api/v1/analytics/dashboard?from=2026-03-01&to=2026-03-07');
    expect({ ...d.previous, from: undefined, to: undefined }).toEqual({ ...prev.totals, from: undefined, to: undefined });
    expect(d.totals.bounceRate).toBeGreaterThan(0);
    expect(d.totals.bounceRate).toBeLessThan(1);
    expect(d.totals.featureEvents).toBeGreaterThan(0);

    const empty = await get<Dashboard>(a, '/api/v1/analytics/dashboard?from=2025-01-01&to=2025-01-03&compare=previous');
    expect(empty.series).toEqual([{ day: '2025-01-01', visitors: 0, pageviews: 0 }, { day: '2025-01-02', visitors: 0, pageviews: 0 }, { day: '2025-01-03', visitors: 0, pageviews: 0 }]);
    expect(empty.previous).toMatchObject({ from: '2024-12-29', to: '2024-12-31', visitors: 0, bounceRate: 0, avgEngagedMs: 0 });

    const dflt = await get<Dashboard>(a, '/api/v1/analytics/dashboard');
    expect([dflt.from, dflt.to, dflt.series.length, dflt.previous]).toEqual(['2026-02-14', '2026-03-15', 30, null]);
  });

  it('ranks breakdown values by visitors and labels a direct visit with an empty value', async () => {
    const refs = await get<Rows>(a, '/api/v1/analytics/breakdown?dimension=referrer&from=2026-03-01&to=2026-03-14');
    expect(refs.data.map((r) => r.value).sort()).toEqual(['', 'google.com', 'news.example']);
    expect(refs.data.map((r) => r.visitors)).toEqual([...refs.data.map((r) => r.visitors)].sort((x, y) => y - x));
    const pages = await get<Rows>(a, '/api/v1/analytics/breakdown?dimension=page&from=2026-03-01&to=2026-03-14&limit=2');
    expect(pages.data).toHaveLength(2);
    const features = await get<Rows>(a, '/api/v1/analytics/breakdown?dimension=feature&from=2026-03-01&to=2026-03-14');
    expect(features.data).toEqual([expect.objectContaining({ value: 'demo.request', pageviews: 0, bounceRate: 0 })]);
    expect(features.data[0]!.events).toBeGreaterThan(0);
  });

  it('refuses bad ranges and breakdowns with validation_failed', async () => {
    for (const q of [
      'dashboard?from=2026-03-10&to=2026-03-01',
      'dashboard?from=2025-01-01&to=2026-03-01',
      'dashboard?from=2026-02-30&to=2026-03-01',
      'dashboard?from=yesterday',
      'dashboard?compare=always',
      'breakdown?dimension=total',
      'breakdown?dimension=page&limit=0',
      'breakdown?dimension=page&limit=abc',
      'breakdown?dimension=page&limit=501',
      'breakdown?dimension=__proto__',
      'dashboard?from=2026-03-01&from=2026-03-02',
      'dashboard?to=%00',
      'dashboard?from=99999-01-01',
    ]) {
      expectError(await call(ta, 'GET', `/api/v1/analytics/${q}`, a), 400, 'validation_failed');
    }
    const res = await call(ta, 'GET', '/api/v1/analytics/dashboard?from=2026-03-10&to=2026-03-01', a);
    expect(json<{ error: { details: { field: string }[] } }>(res).error.details[0]?.field).toBe('querystring.from');
    expect((await call(ta, 'GET', '/api/v1/analytics/dashboard?from=2025-02-08&to=2026-03-14', a)).statusCode).toBe(200);
  });

  it('shows each workspace only its own site, and the platform’s site only to operators', async () => {
    const q = 'dashboard?from=2026-03-01&to=2026-03-14';
    const mine = await get<Dashboard>(a, `/api/v1/analytics/${q}`);
    const theirs = await get<Dashboard>(b, `/api/v1/analytics/${q}`);
    const platform = await get<Dashboard>(operator, `/api/v1/platform/analytics/${q}`);
    expect(mine.totals.visitors).toBe([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].reduce((s, n) => s + n, 0));
    expect(theirs.totals.visitors).toBeGreaterThan(mine.totals.visitors * 3);
    expect(platform.totals.visitors).toBe([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].reduce((s, n) => s + n, 0));
    expectError(await call(ta, 'GET', `/api/v1/analytics/${q}`, { cookie: a.cookie, workspaceId: b.workspaceId }), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/platform/analytics/${q}`, a), 403, 'forbidden');
    expectError(await call(ta, 'GET', '/api/v1/platform/analytics/breakdown', a), 403, 'forbidden');
    expectError(await call(ta, 'GET', `/api/v1/analytics/${q}`, {}), 401, 'unauthenticated');
  });
});

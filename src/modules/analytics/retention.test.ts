import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';
import { dashboard, type Dashboard } from './dashboard.js';
import type { AppContext } from '../../context.js';
import { RETENTION_JOB } from '../governance/retention-jobs.js';
import { registerRollupJobs, ROLLUP_CATCH_UP_JOB, ROLLUP_RECENT_JOB } from './jobs-rollup.js';
import { applyRetention, keepFrom } from './retention.js';
import { insertEvents, type EventSeed } from './rollup-test-support.js';

describe('the first day raw events are kept', () => {
  it('counts calendar months back, the 31st becoming the month’s last day', () => {
    expect(keepFrom('2026-03-15', 1)).toBe('2026-02-15');
    expect(keepFrom('2026-03-31', 1)).toBe('2026-02-28');
    expect(keepFrom('2028-03-31', 1)).toBe('2028-02-29');
    expect(keepFrom('2026-01-10', 24)).toBe('2024-01-10');
    expect(keepFrom('2026-02-01', 14)).toBe('2024-12-01');
  });
});

describe('the analytics module’s jobs', () => {
  it('schedule the aggregates only: raw events are deleted once a night, by the retention engine', () => {
    const scheduled: string[] = [];
    const queue = { register: () => undefined, schedule: (name: string) => {
        scheduled.push(name);
        return Promise.resolve();
      },
    };
    registerRollupJobs({ queue } as unknown as AppContext);
    expect(scheduled).toEqual([ROLLUP_RECENT_JOB, ROLLUP_CATCH_UP_JOB]);
  });
});

describe.each(testDialects)('raw-event retention on %s', (dialect) => {
  let ta: TestApp;
  let a: { cookie: string; userId: string; workspaceId: string };

  const visit = (site: string | null, day: string, visitor: string, extra: Partial<EventSeed> = {}): EventSeed[] => [
    { workspace_id: site, visitor_id: visitor, occurred_at: `${day}T10:00:00.000Z`, path: '/', engaged_ms: 3_000, ...extra },
    { workspace_id: site, visitor_id: visitor, occurred_at: `${day}T10:01:00.000Z`, path: '/pricing', engaged_ms: 15_000, ...extra },
  ];
  const visitorRow = (site: string | null, visitorId: string, firstSeen: string, link: { user_id?: string } = {}) => ({
    id: newId('avi'), workspace_id: site, visitor_id: visitorId, user_id: null, contact_id: null, first_seen_at: firstSeen, linked_at: null, ...link,
  });
  const eventCount = async (site: string | null): Promise<number> => {
    let q = ta.ctx.db.k.selectFrom('analytics_events').select((eb) => eb.fn.countAll<number>().as('n'));
    q = site === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', site);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set('2026-03-15T03:00:00.000Z');
    a = await signUp(ta, { email: 'keep-a@example.com', company: 'Alpha' });
    await ta.ctx.db.k.updateTable('workspaces').set({ analytics_retention_months: 1 }).where('id', '=', a.workspaceId).execute();
    await ta.ctx.db.k.insertInto('platform_settings').values({ key: 'analytics_retention_months', value: '2', updated_at: ta.clock.now().toISOString() }).execute();
    await insertEvents(ta.ctx.db.k, [
      // The workspace keeps one month (from 2026-02-15): the first three days go.
      ...visit(a.workspaceId, '2026-01-10', 'old-anon'),
      ...visit(a.workspaceId, '2026-01-10', 'old-linked'),
      ...visit(a.workspaceId, '2026-02-14', 'old-anon'),
      ...visit(a.workspaceId, '2026-02-14', 'returning'),
      ...visit(a.workspaceId, '2026-02-15', 'returning'),
      ...visit(a.workspaceId, '2026-03-14', 'new'),
      // The platform keeps two months (from 2026-01-15).
      ...visit(null, '2026-01-10', 'platform-old'),
      ...visit(null, '2026-01-20', 'platform-kept'),
    ]);
    await ta.ctx.db.k.insertInto('analytics_visitors').values([
      visitorRow(a.workspaceId, 'old-anon', '2026-01-10T10:00:00.000Z'),
      visitorRow(a.workspaceId, 'old-linked', '2026-01-10T10:00:00.000Z', { user_id: a.userId }),
      visitorRow(a.workspaceId, 'returning', '2026-02-14T10:00:00.000Z'),
      visitorRow(a.workspaceId, 'new', '2026-03-14T10:00:00.000Z'),
      visitorRow(null, 'platform-old', '2026-01-10T10:00:00.000Z'),
      visitorRow(null, 'platform-kept', '2026-01-10T10:00:00.000Z'),
      // The same id in the workspace's site: the platform's events do not keep it there.
      visitorRow(a.workspaceId, 'platform-kept', '2026-01-10T10:00:00.000Z'),
    ]).execute();
  });
  afterAll(async () => {
    await ta.close();
  });

  const dash = async (from: string, to: string): Promise<Dashboard> => json<Dashboard>(await call(ta, 'GET', `/api/v1/analytics/dashboard?from=${from}&to=${to}`, a));

  it('deletes expired raw events day by day in small batches, after aggregating those days, and keeps the numbers', async () => {
    const before = await dash('2026-01-01', '2026-03-15');
    expect(before.totals).toMatchObject({ visitors: 6, pageviews: 12, sessions: 6 });
    const summary = await applyRetention(ta.ctx, { batch: 3 });
    expect(summary.find((s) => s.site === a.workspaceId)).toEqual({ site: a.workspaceId, keepFrom: '2026-02-15', days: 2, events: 8, visitors: 2 });
    expect(summary.find((s) => s.site === null)).toEqual({ site: null, keepFrom: '2026-01-15', days: 1, events: 2, visitors: 1 });
    expect(await eventCount(a.workspaceId)).toBe(4);
    expect(await eventCount(null)).toBe(2);
    const kept = await ta.ctx.db.k.selectFrom('analytics_events').select('day').where('workspace_id', '=', a.workspaceId).orderBy('day').execute();
    expect(kept.map((r) => r.day)).toEqual(['2026-02-15', '2026-02-15', '2026-03-14', '2026-03-14']);
    const agg = await ta.ctx.db.k.selectFrom('analytics_daily').select('day').where('workspace_id', '=', a.workspaceId).where('dimension', '=', 'total').orderBy('day').execute();
    expect(agg.map((r) => r.day)).toEqual(['2026-01-10', '2026-02-14']);
    expect(await dash('2026-01-01', '2026-03-15')).toEqual(before);
  });

  it('deletes visitor ids with no events left and no link, only in the site that expired them', async () => {
    const rows = await ta.ctx.db.k.selectFrom('analytics_visitors').select(['workspace_id', 'visitor_id']).orderBy('visitor_id').execute();
    expect(rows.filter((r) => r.workspace_id === a.workspaceId).map((r) => r.visitor_id)).toEqual(['new', 'old-linked', 'returning']);
    expect(rows.filter((r) => r.workspace_id === null).map((r) => r.visitor_id)).toEqual(['platform-kept']);
  });

  it('writes one audit entry per site with counts only', async () => {
    const entries = await ta.ctx.db.k.selectFrom('audit_log').select(['workspace_id', 'actor_type', 'details']).where('action', '=', 'analytics.retention_applied').orderBy('seq').execute();
    expect(entries).toHaveLength(2);
    const mine = entries.find((e) => e.workspace_id === a.workspaceId)!;
    expect(mine.actor_type).toBe('system');
    expect(JSON.parse(String(mine.details))).toEqual({ keepFrom: '2026-02-15', retentionMonths: 1, days: 2, events: 8, visitors: 2 });
    for (const e of entries) expect(String(e.details)).not.toMatch(/old-anon|platform-|returning|pricing/);
  });

  it('does nothing on a second run, and runs inside the retention engine’s nightly job (its only schedule)', async () => {
    await ta.ctx.queue.enqueue(RETENTION_JOB, null);
    await ta.drain();
    expect(await eventCount(a.workspaceId)).toBe(4);
    expect(await ta.ctx.db.k.selectFrom('audit_log').select('seq').where('action', '=', 'analytics.retention_applied').execute()).toHaveLength(2);
    ta.clock.set('2026-04-20T03:00:00.000Z');
    await ta.ctx.queue.enqueue(RETENTION_JOB, null);
    await ta.drain();
    // Now the workspace keeps from 2026-03-20: 2026-02-15 and 2026-03-14 go too.
    expect(await eventCount(a.workspaceId)).toBe(0);
    // (the sign-in has expired by now: the service is asked directly)
    expect((await dashboard(ta.ctx, a.workspaceId, { from: '2026-03-14', to: '2026-03-14' })).totals).toMatchObject({ visitors: 1, pageviews: 2, sessions: 1, bounceRate: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../context.js';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { EventBuffer } from './buffer.js';
import type { EventRow } from './repo.js';

describe.each(testDialects)('event write buffer on %s', (dialect) => {
  let ta: TestApp;
  let n = 0;
  const pageId = (): string => `buf-${dialect}-${String(++n).padStart(10, '0')}`;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  function row(workspaceId: string | null = null, page = pageId()): EventRow {
    const at = ta.clock.now().toISOString();
    return { workspace_id: workspaceId, occurred_at: at, day: at.slice(0, 10), type: 'pageview', page_id: page, visitor_id: null, visitor_hash: 'h', path: '/', engaged_ms: 0 };
  }
  const stored = async (ids: string[]) => ta.ctx.db.k.selectFrom('analytics_events').select(['page_id', 'engaged_ms']).where('page_id', 'in', ids).orderBy('page_id').execute();

  it('writes a batch as soon as it is full, and the rest on the timer', async () => {
    const buffer = new EventBuffer(ta.ctx, { maxEvents: 3, everyMs: 50 });
    const rows = [row(), row(), row()];
    rows.forEach((r) => buffer.add(r));
    await buffer.flush();
    expect(await stored(rows.map((r) => r.page_id!))).toHaveLength(3);
    buffer.start();
    const late = row();
    buffer.add(late);
    await expect.poll(async () => (await stored([late.page_id!])).length, { timeout: 2000 }).toBe(1);
    await buffer.close();
  });

  it('writes a large batch in statements of several sizes, every column in its place', async () => {
    const buffer = new EventBuffer(ta.ctx, { maxEvents: 10_000 });
    const rows = Array.from({ length: 1234 }, (_, i) => ({ ...row(), path: `/p/${i}`, utm_source: `s${i}`, engaged_ms: i, time_zone: 'Asia/Jakarta' }));
    rows.forEach((r) => buffer.add(r));
    await buffer.close();
    const got = await ta.ctx.db.k.selectFrom('analytics_events').select(['page_id', 'path', 'utm_source', 'engaged_ms', 'time_zone', 'type', 'visitor_hash']).where('page_id', 'in', rows.map((r) => r.page_id!)).orderBy('engaged_ms').execute();
    expect(got).toEqual(rows.map((r) => ({ page_id: r.page_id, path: r.path, utm_source: r.utm_source, engaged_ms: r.engaged_ms, time_zone: 'Asia/Jakarta', type: 'pageview', visitor_hash: 'h' })));
  });

  it('stores each of a row\'s values in its own column', async () => {
    const buffer = new EventBuffer(ta.ctx);
    const full: EventRow = {
      ...row(),
      type: 'feature',
      visitor_id: 'visitor-in-its-column-01',
      visitor_hash: 'hash-value',
      hostname: 'host.example',
      path: '/path',
      referrer_host: 'ref.example',
      referrer_path: '/ref',
      utm_source: 'src',
      utm_medium: 'med',
      utm_campaign: 'camp',
      utm_term: 'term',
      utm_content: 'content',
      country: 'ID',
      browser: 'Firefox',
      os: 'Linux',
      device: 'mobile',
      time_zone: 'Asia/Makassar',
      feature: 'contacts.import',
      engaged_ms: 1234,
    };
    buffer.add(full);
    await buffer.close();
    const got = await ta.ctx.db.k.selectFrom('analytics_events').selectAll().where('page_id', '=', full.page_id!).executeTakeFirstOrThrow();
    const { id: _id, occurred_at: at, ...rest } = got;
    expect(new Date(at as string | Date).toISOString()).toBe(full.occurred_at);
    const { occurred_at: _at, ...expected } = full;
    expect(rest).toEqual(expected);
  });

  it('drops the events of a workspace deleted before the write and keeps the rest', async () => {
    const gone = await signUp(ta, { email: 'gone@buffer.example', company: 'Toko Hilang' });
    const buffer = new EventBuffer(ta.ctx);
    const doomed = row(gone.workspaceId);
    const kept = row(null);
    buffer.add(doomed);
    buffer.add({ ...row(gone.workspaceId), visitor_id: 'visitor-of-a-gone-site-01', visitor_hash: null });
    buffer.add(kept);
    await ta.ctx.db.k.deleteFrom('workspace_members').where('workspace_id', '=', gone.workspaceId).execute();
    await ta.ctx.db.k.deleteFrom('workspaces').where('id', '=', gone.workspaceId).execute();
    await buffer.close();
    expect(await stored([doomed.page_id!, kept.page_id!])).toEqual([{ page_id: kept.page_id, engaged_ms: 0 }]);
    expect(buffer.size).toBe(0);
  });

  it('keeps a batch while the database is unreachable and writes it once it is back, heartbeats included', async () => {
    let down = true;
    const real = ta.ctx.db.k;
    const k = new Proxy(real, {
      get(target, prop) {
        // The batch is written through a transaction (PostgreSQL) or a held connection (SQLite, see relaxedTx).
        if ((prop === 'transaction' || prop === 'connection') && down) return () => ({ execute: () => Promise.reject(new Error('database unreachable')) });
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const flaky: AppContext = { ...ta.ctx, db: { ...ta.ctx.db, k } };
    const buffer = new EventBuffer(flaky, { maxPending: 5 });
    const first = row();
    buffer.add(first);
    buffer.heartbeat(null, first.page_id!, 1000);
    await buffer.flush();
    expect(buffer.size).toBe(1);
    buffer.heartbeat(null, first.page_id!, 2000);
    const second = row();
    buffer.add(second);
    await buffer.flush();
    expect(buffer.size).toBe(2);
    // Past the bound, new events are refused rather than filling memory.
    for (let i = 0; i < 10; i++) buffer.add(row());
    expect(buffer.size).toBe(5);
    down = false;
    await buffer.close();
    expect(await stored([first.page_id!, second.page_id!])).toEqual([
      { page_id: first.page_id, engaged_ms: 3000 },
      { page_id: second.page_id, engaged_ms: 0 },
    ]);
  });
});

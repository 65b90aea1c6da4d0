import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { flushEvents } from './buffer.js';
import { PURGE_SALTS_JOB } from './jobs-ingest.js';
import { purgeSalts, saltFor } from './salts.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.each(testDialects)('daily salts on %s', (dialect) => {
  let ta: TestApp;
  let n = 0;
  const pageId = (): string => `salt-${dialect}-${String(++n).padStart(10, '0')}`;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  const days = async (): Promise<string[]> => (await ta.ctx.db.k.selectFrom('analytics_salts').select('day').orderBy('day').execute()).map((r) => r.day);

  async function hashOfVisit(): Promise<string | null> {
    const p = pageId();
    const res: LightMyRequestResponse = await ta.app.inject({ method: 'POST', url: '/public/v1/events', payload: { type: 'pageview', url: 'https://kodepos.test/', pageId: p }, headers: { 'user-agent': UA }, remoteAddress: '198.51.100.20' });
    expect(res.statusCode, res.body).toBe(202);
    await flushEvents(ta.ctx);
    const row = await ta.ctx.db.k.selectFrom('analytics_events').select(['visitor_hash', 'day']).where('page_id', '=', p).executeTakeFirstOrThrow();
    return row.visitor_hash;
  }

  it('hashes one visitor alike within a UTC day and differently the next day, with a new salt', async () => {
    ta.clock.set('2026-03-01T00:00:05.000Z');
    const morning = await hashOfVisit();
    ta.clock.set('2026-03-01T23:59:59.000Z');
    expect(await hashOfVisit()).toBe(morning);
    ta.clock.set('2026-03-02T00:00:01.000Z');
    const nextDay = await hashOfVisit();
    expect(nextDay).not.toBe(morning);
    expect(await days()).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('deletes a salt once its day began more than 48 hours ago, not before', async () => {
    ta.clock.set('2026-03-03T00:00:00.000Z');
    expect(await purgeSalts(ta.ctx)).toBe(0);
    expect(await days()).toEqual(['2026-03-01', '2026-03-02']);
    ta.clock.set('2026-03-03T00:00:00.001Z');
    expect(await purgeSalts(ta.ctx)).toBe(1);
    expect(await days()).toEqual(['2026-03-02']);
  });

  it('runs the purge as a queued job', async () => {
    ta.clock.set('2026-03-04T01:00:00.000Z');
    await ta.ctx.queue.enqueue(PURGE_SALTS_JOB, {});
    await ta.drain();
    expect(await days()).toEqual([]);
    // The next event makes today's salt afresh.
    await hashOfVisit();
    expect(await days()).toEqual(['2026-03-04']);
  });

  it('keeps the salt another node stored first, and agrees under concurrent first use', async () => {
    ta.clock.set('2026-04-10T08:00:00.000Z');
    await ta.ctx.db.k.insertInto('analytics_salts').values({ day: '2026-04-10', salt: 'salt-from-another-node', created_at: '2026-04-10T07:59:00.000Z' }).execute();
    expect(await saltFor(ta.ctx, '2026-04-10')).toBe('salt-from-another-node');

    const racing = await Promise.all(Array.from({ length: 8 }, () => saltFor(ta.ctx, '2026-04-11')));
    expect(new Set(racing).size).toBe(1);
    const stored = await ta.ctx.db.k.selectFrom('analytics_salts').select('salt').where('day', '=', '2026-04-11').execute();
    expect(stored).toEqual([{ salt: racing[0] }]);
    expect(racing[0]).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });
});

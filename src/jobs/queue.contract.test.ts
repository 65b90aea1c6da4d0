import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/db.js';
import type { DialectName } from '../db/dialect.js';
import { createTestDb, testDialects, type TestDb } from '../test/db.js';
import { createQueue, type CreateQueueOptions, type JobInfo, type JobQueue } from './index.js';

interface Case {
  runner: 'table' | 'pgboss';
  dialect: DialectName;
  /** pg-boss counts retry delays and leases in whole seconds. */
  backoffMs: number;
  leaseMs: number;
}

const cases: Case[] = testDialects.flatMap((dialect): Case[] =>
  dialect === 'postgres'
    ? [
        { runner: 'table', dialect, backoffMs: 200, leaseMs: 600 },
        { runner: 'pgboss', dialect, backoffMs: 1000, leaseMs: 1000 },
      ]
    : [{ runner: 'table', dialect, backoffMs: 200, leaseMs: 600 }],
);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(cases)('job queue contract: $runner runner on $dialect', (c) => {
  let t: TestDb;
  const queues: JobQueue[] = [];
  // Errors a queue could only report in the background (poll loop, renewals) fail the test that caused them.
  const background: string[] = [];
  const make = (opts: CreateQueueOptions = {}, db?: Db): JobQueue => {
    const q = createQueue(db ?? t.db, {
      runner: c.runner,
      pollMs: 100,
      onError: (err) => background.push(err instanceof Error ? err.message : String(err)),
      ...opts,
    });
    queues.push(q);
    return q;
  };
  const info = async (q: JobQueue, id: string): Promise<JobInfo> => {
    const found = await q.get(id);
    if (!found) throw new Error(`job ${id} not found`);
    return found;
  };
  const drainUntil = (q: JobQueue, id: string, status: JobInfo['status'], timeoutMs?: number) =>
    waitFor(
      `job ${id} to be ${status}`,
      async () => {
        await q.drain();
        return (await info(q, id)).status === status;
      },
      timeoutMs,
    );

  beforeAll(async () => {
    t = await createTestDb(c.dialect);
  });
  afterEach(() => {
    expect(background).toEqual([]);
    background.length = 0;
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await t.cleanup();
  });

  it('runs a job and returns its result', async () => {
    const q = make();
    q.register<{ a: number; b: number }>('add', async (p) => p.a + p.b);
    const id = await q.enqueue('add', { a: 2, b: 3 }, { workspaceId: 'ws_1' });
    expect(await info(q, id)).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 5, result: null });
    await q.drain();
    const done = await info(q, id);
    expect(done).toMatchObject({
      id,
      name: 'add',
      status: 'completed',
      attempts: 1,
      result: 5,
      error: null,
      workspaceId: 'ws_1',
    });
    expect(done.finishedAt).not.toBeNull();
    expect(await q.get(c.runner === 'pgboss' ? '00000000-0000-4000-8000-000000000000' : 'job_missing')).toBeNull();
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const q = make();
    const calls: number[] = [];
    q.register('flaky', async (_p, ctx) => {
      calls.push(Date.now());
      if (ctx.attempt === 1) throw new Error('flaky');
      return `ok on ${ctx.attempt}`;
    });
    const id = await q.enqueue('flaky', null, { backoffMs: c.backoffMs, maxAttempts: 3 });
    await q.drain();
    const between = await info(q, id);
    expect(between).toMatchObject({ status: 'queued', attempts: 1, error: 'flaky' });
    expect(Date.parse(between.runAt) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(c.backoffMs);
    expect(calls).toHaveLength(1);
    await drainUntil(q, id, 'completed');
    expect(calls).toHaveLength(2);
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(c.backoffMs);
    expect(await info(q, id)).toMatchObject({ status: 'completed', attempts: 2, result: 'ok on 2', error: null });
  });

  it('gives up after maxAttempts with status failed and a bounded error message', async () => {
    const q = make();
    let calls = 0;
    q.register('doomed', async () => {
      calls++;
      throw new Error(`boom ${'x'.repeat(600)}`);
    });
    const id = await q.enqueue('doomed', {}, { backoffMs: c.backoffMs, maxAttempts: 2 });
    await drainUntil(q, id, 'failed');
    const failed = await info(q, id);
    expect(calls).toBe(2);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2 });
    expect(failed.error).toMatch(/^boom x+$/);
    expect(failed.error).toHaveLength(500);
    expect(failed.finishedAt).not.toBeNull();
    await sleep(c.backoffMs + 100);
    await q.drain();
    expect(calls).toBe(2);
  });

  it('returns the same id for a repeated idempotency key and runs the job once', async () => {
    const node1 = make();
    const node2 = make();
    const runs: string[] = [];
    const handler = async (p: { n: number }) => {
      runs.push(String(p.n));
    };
    node1.register('once', handler);
    node2.register('once', handler);
    const [a, b, c2] = await Promise.all([
      node1.enqueue('once', { n: 1 }, { idempotencyKey: 'import:42' }),
      node2.enqueue('once', { n: 2 }, { idempotencyKey: 'import:42' }),
      node1.enqueue('once', { n: 3 }, { idempotencyKey: 'import:42' }),
    ]);
    expect(b).toBe(a);
    expect(c2).toBe(a);
    const rows = await t.db.k.selectFrom('jobs').select('id').where('idempotency_key', '=', 'import:42').execute();
    expect(rows.map((r) => r.id)).toEqual([a]);
    await Promise.all([node1.drain(), node2.drain()]);
    expect(runs).toHaveLength(1);
    expect(await node2.enqueue('once', { n: 4 }, { idempotencyKey: 'import:42' })).toBe(a);
    await node2.drain();
    expect(runs).toHaveLength(1);
    expect(await info(node1, a)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('lets two fresh nodes enqueue to new job names at the same moment', async () => {
    const nodes = [make(), make()];
    const names = ['fresh-a', 'fresh-b', 'fresh-c', 'fresh-d'];
    const ids = await Promise.all(names.flatMap((n) => nodes.map((q) => q.enqueue(n, { n }))));
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await t.db.k.selectFrom('jobs').select('name').where('name', 'in', names).execute();
    expect(rows).toHaveLength(names.length * nodes.length);
  });

  it('does not run a job before its runAt', async () => {
    const q = make();
    let ran = 0;
    q.register('later', async () => ++ran);
    const runAt = new Date(Date.now() + 1200);
    const id = await q.enqueue('later', {}, { runAt });
    await q.drain();
    expect(ran).toBe(0);
    expect(await info(q, id)).toMatchObject({ status: 'queued', attempts: 0, runAt: runAt.toISOString() });
    await drainUntil(q, id, 'completed', 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(runAt.getTime());
    expect(ran).toBe(1);
  });

  it('renews a running lease, and hands a crashed worker’s job to another worker', async () => {
    // The crashed worker gets a database connection of its own so its "crash" (closing it) stops its renewals.
    const crashedDb =
      c.dialect === 'postgres' && t.db.pg
        ? await createDb({ dataDir: t.dataDir, databaseUrl: t.db.pg.url, pgSchema: t.db.pg.schema })
        : await createDb({ dataDir: t.dataDir });
    const crashed = make({ onError: () => {} }, crashedDb);
    const hang = deferred();
    const started = deferred();
    crashed.register(
      'fragile',
      async () => {
        started.resolve();
        await hang.promise;
        return 'stale';
      },
      { leaseMs: c.leaseMs },
    );
    const survivor = make();
    survivor.register('fragile', async (_p, ctx) => `done on attempt ${ctx.attempt}`, { leaseMs: c.leaseMs });
    try {
      const id = await crashed.enqueue('fragile', {}, { backoffMs: 0, maxAttempts: 3 });
      void crashed.drain().catch(() => {});
      await started.promise;
      // Well past the lease: renewals keep the job with its live worker.
      const until = Date.now() + c.leaseMs * 2.5;
      while (Date.now() < until) {
        await survivor.drain();
        await sleep(100);
      }
      expect(await info(survivor, id)).toMatchObject({ status: 'running', attempts: 1 });
      await crashedDb.close();
      await drainUntil(survivor, id, 'completed', 15_000);
      expect(await info(survivor, id)).toMatchObject({ status: 'completed', attempts: 2, result: 'done on attempt 2' });
    } finally {
      hang.resolve();
      await crashed.stop();
    }
  });

  it('shows progress reported by the handler while it runs and after', async () => {
    const q = make();
    const reached = deferred();
    const gate = deferred();
    q.register('progress', async (_p, ctx) => {
      await ctx.progress(1, 3, 'first of three');
      reached.resolve();
      await gate.promise;
      await ctx.progress(3);
      return 'ok';
    });
    const id = await q.enqueue('progress', {});
    const draining = q.drain();
    await reached.promise;
    expect(await info(q, id)).toMatchObject({
      status: 'running',
      progress: { done: 1, total: 3, message: 'first of three' },
    });
    gate.resolve();
    await draining;
    expect(await info(q, id)).toMatchObject({ status: 'completed', progress: { done: 3, total: null, message: null } });
  });

  it('enqueues each cron tick once, however many nodes schedule it', async () => {
    const ran: string[] = [];
    const nodes = [make(), make()];
    for (const q of nodes) {
      q.register<{ from: string }>('tick', async (p, ctx) => {
        expect(p).toEqual({ from: 'cron' });
        ran.push(ctx.id);
      });
      await q.schedule('tick', '* * * * * *', { from: 'cron' });
    }
    await expect(nodes[0]?.schedule('bad', 'not a cron')).rejects.toThrow();
    await Promise.all(nodes.map((q) => q.start()));
    await sleep(2500);
    await Promise.all(nodes.map((q) => q.stop()));
    const rows = await t.db.k.selectFrom('jobs').select(['id', 'idempotency_key']).where('name', '=', 'tick').execute();
    // A 2.5 s window holds two or three whole seconds; without the tick keys two nodes would enqueue each twice.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(3);
    for (const r of rows) expect(r.idempotency_key).toMatch(/^tick@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(new Set(ran).size).toBe(ran.length);
    expect(ran.length).toBeGreaterThanOrEqual(rows.length - 1);
    for (const id of ran) expect(rows.map((r) => r.id)).toContain(id);
  });

  it('writes no job row for a tick whose guard says there is nothing to do, and one when it does', async () => {
    const reported: string[] = [];
    const q = make({ onError: (err) => reported.push(err instanceof Error ? err.message : String(err)) });
    let due = false;
    let asked = 0;
    q.register('guarded', async () => undefined);
    q.register('failing-guard', async () => undefined);
    await q.schedule('guarded', '* * * * * *', null, {
      when: async () => {
        asked++;
        return due;
      },
    });
    // A guard that fails must not silence the schedule.
    await q.schedule('failing-guard', '* * * * * *', null, { when: () => Promise.reject(new Error('probe failed')) });
    await q.start();
    await sleep(1200);
    const count = async (name: string): Promise<number> => (await t.db.k.selectFrom('jobs').select('id').where('name', '=', name).execute()).length;
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(await count('guarded')).toBe(0);
    due = true;
    await sleep(1200);
    await q.stop();
    expect(await count('guarded')).toBeGreaterThanOrEqual(1);
    expect(await count('failing-guard')).toBeGreaterThanOrEqual(1);
    expect(reported).toContain('probe failed');
  });

  it('stop() waits for a running handler and then takes no more jobs', async () => {
    const q = make();
    let finished = false;
    q.register('slow', async () => {
      await sleep(400);
      finished = true;
      return 'slow done';
    });
    const id = await q.enqueue('slow', {});
    await q.start();
    await waitFor('the slow job to start', async () => (await info(q, id)).status === 'running');
    await q.stop();
    expect(finished).toBe(true);
    expect(await info(q, id)).toMatchObject({ status: 'completed', result: 'slow done' });
    const next = await q.enqueue('slow', {});
    await sleep(300);
    expect(await info(q, next)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});

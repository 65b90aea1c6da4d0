import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDialects, type TestDb } from '../test/db.js';
import type { ClaimedJob } from './polled-queue.js';
import { TableQueue } from './table-queue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Counts the claim rounds per job name, the queries a poll used to run for every name every time. */
class CountingQueue extends TableQueue {
  readonly claims = new Map<string, number>();
  protected override claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    this.claims.set(name, (this.claims.get(name) ?? 0) + 1);
    return super.claim(name, limit, leaseMs);
  }
}

describe.each(testDialects)('table queue polling on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('claims nothing while no job is due, and only the name whose job became due', async () => {
    const worker = new CountingQueue({ db: t.db, pollMs: 20 });
    const ran: string[] = [];
    for (const name of ['poll.a', 'poll.b', 'poll.c']) worker.register(name, async (p: { n: number }) => void ran.push(`${name}:${p.n}`));
    await worker.start();
    try {
      // Another node's enqueue does not wake this worker: only its poll can find these jobs.
      const other = new TableQueue({ db: t.db });
      await other.enqueue('poll.b', { n: 1 }, { runAt: new Date(Date.now() + 400) });
      await sleep(200);
      expect(worker.claims.size).toBe(0);
      for (let i = 0; i < 100 && ran.length === 0; i++) await sleep(20);
      expect(ran).toEqual(['poll.b:1']);
      expect([...worker.claims.keys()]).toEqual(['poll.b']);
      // A job whose worker vanished (running, lease run out) is due again and found by the same look.
      const stale = await other.enqueue('poll.c', { n: 2 });
      const past = new Date(Date.now() - 1000).toISOString();
      await t.db.k.updateTable('jobs').set({ status: 'running', attempts: 1, lease_until: past, locked_by: 'gone' }).where('id', '=', stale).execute();
      for (let i = 0; i < 100 && ran.length < 2; i++) await sleep(20);
      expect(ran).toEqual(['poll.b:1', 'poll.c:2']);
      expect(worker.claims.has('poll.a')).toBe(false);
    } finally {
      await worker.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock.js';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { RETENTION_JOB } from './retention-jobs.js';

describe.each(testDialects)('the daily retention job on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('runs through the queue, reports progress and its result, and audits the run', async () => {
    const { userId } = await signUp(ta, { email: 'job@retention.example' });
    ta.clock.advance(701 * DAY);
    const id = await ta.ctx.queue.enqueue(RETENTION_JOB, {});
    await ta.drain();
    const job = await ta.ctx.queue.get(id);
    expect(job?.status).toBe('completed');
    expect(job?.result).toMatchObject({ warned: 1, anonymised: 0, failed: 0 });
    expect(job?.progress?.done).toBe(job?.progress?.total);
    const notices = await ta.ctx.db.k.selectFrom('retention_notices').select('user_id').execute();
    expect(notices.map((n) => n.user_id)).toEqual([userId]);
    const runs = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('action', '=', 'retention.run').execute();
    expect(runs).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../lib/clock.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { purgeFinishedJobs } from './maintenance.js';

describe.each(testDialects)('job purge on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('deletes finished jobs after a week and failed ones after a month, keeping the rest', async () => {
    const now = ta.clock.now().getTime();
    const row = (id: string, status: string, ageMs: number) => ({
      id, name: 'probe', payload: '{}', status, attempts: 1, max_attempts: 1, backoff_ms: 1000, idempotency_key: null, workspace_id: null,
      run_at: new Date(now - ageMs).toISOString(), lease_until: null, locked_by: null, progress: null, result: null, error: null,
      created_at: new Date(now - ageMs).toISOString(), updated_at: new Date(now - ageMs).toISOString(),
      finished_at: status === 'queued' ? null : new Date(now - ageMs).toISOString(),
    });
    await ta.ctx.db.k.insertInto('jobs').values([
      row('j_old_done', 'completed', 8 * DAY),
      row('j_new_done', 'completed', 6 * DAY),
      row('j_old_failed', 'failed', 31 * DAY),
      row('j_mid_failed', 'failed', 8 * DAY),
      row('j_queued', 'queued', 40 * DAY),
    ]).execute();
    await purgeFinishedJobs(ta.ctx);
    const left = (await ta.ctx.db.k.selectFrom('jobs').select('id').where('name', '=', 'probe').execute()).map((r) => r.id).sort();
    expect(left).toEqual(['j_mid_failed', 'j_new_done', 'j_queued']);
  });
});

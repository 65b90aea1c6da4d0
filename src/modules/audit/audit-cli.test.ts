import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { dropAuditTriggers, runCli } from './test-support.js';

// The CLI reads DATA_DIR / DATABASE_URL from the environment, so it is exercised on SQLite only;
// verify() itself runs on both dialects in audit.test.ts.
describe('kodepos audit verify (CLI, sqlite)', () => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp('sqlite');
    await signUp(ta, { email: 'cli-audit@example.com' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('exits 0 on an intact chain and 1 with the broken entry named after tampering', async () => {
    const intact = await runCli(['audit', 'verify'], ta.t.dataDir);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/intact: \d+ entries/);

    await dropAuditTriggers(ta);
    await sql`update audit_log set action = 'forged.action' where seq = 2`.execute(ta.ctx.db.k);
    const broken = await runCli(['audit', 'verify'], ta.t.dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN/);
    expect(broken.stderr).toMatch(/entry 2: row content does not match its hash/);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../lib/clock.js';
import { createTestApp, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { runRetention } from '../modules/governance/retention.js';
import { parseAsOf, retentionRun, RetentionUsageError } from './retention.js';

describe.each(testDialects)('kodepos retention run (CLI) on %s', (dialect) => {
  let ta: TestApp;
  let userId = '';
  const T0 = new Date('2026-02-01T08:00:00.000Z');
  const lines: string[] = [];
  const log = (l: string): void => {
    lines.push(l);
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set(T0);
    userId = (await signUp(ta, { email: 'cli-ret@retention.example', name: 'Dewi Diam' })).userId;
    // Warned today (day 701 of inactivity): next month's run will anonymise the account.
    ta.clock.set(new Date(T0.getTime() + 701 * DAY));
    await runRetention(ta.ctx);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('--dry-run --as-of next month lists each record with its table, id and action, and changes nothing', async () => {
    lines.length = 0;
    const nextMonth = new Date(ta.clock.now().getTime() + 31 * DAY).toISOString().slice(0, 10);
    expect(await retentionRun(ta.ctx, { dryRun: true, asOf: nextMonth }, log)).toBe(0);
    expect(lines[0]).toBe(`Retention plan as of ${nextMonth}T00:00:00.000Z (nothing changed)`);
    expect(lines[1]).toBe('TABLE\tID\tACTION\tROWS\tREASON');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^users\\t${userId}\\tanonymise\\t1\\t`)));
    expect(lines).toContain('Summary:');
    expect(lines).toContain('  users anonymise: 1');
    expect(lines.join('\n')).not.toContain('cli-ret@');
    const u = await ta.ctx.db.k.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(u.status).toBe('active');
    // Today nothing is due for the account: the warning period is still running.
    lines.length = 0;
    await retentionRun(ta.ctx, { dryRun: true }, log);
    expect(lines.some((l) => l.startsWith('users\t'))).toBe(false);
  });

  it('refuses --as-of on a real run and a malformed date (usage errors, exit code 2 in the command)', async () => {
    await expect(retentionRun(ta.ctx, { asOf: '2030-01-01' }, log)).rejects.toBeInstanceOf(RetentionUsageError);
    expect(() => parseAsOf('next month')).toThrow(RetentionUsageError);
    expect(() => parseAsOf('2030-13-45')).toThrow(RetentionUsageError);
  });

  it('a real run prints its summary and exits 0', async () => {
    ta.clock.set(new Date(T0.getTime() + 740 * DAY));
    lines.length = 0;
    expect(await retentionRun(ta.ctx, {}, log)).toBe(0);
    expect(lines[0]).toMatch(/^Warned 0 accounts, anonymised 1,/);
  });
});

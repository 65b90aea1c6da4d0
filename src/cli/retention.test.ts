import { sql } from 'kysely';
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
    expect(lines[1]).toBe('TABLE\tID\tACTION\tROWS\tREASON (at most 100000 rows listed per table)');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^users\\t${userId}\\tanonymise\\t1\\t`)));
    expect(lines).toContain('Summary (exact counts):');
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

/**
 * Beyond the listing cap: 100,003 expired sign-in counters. The listing stops at 100,000 rows, the
 * summary counts every one and says where the listing stopped.
 */
describe.each(testDialects)('kodepos retention run --dry-run over 100,000 rows on %s', (dialect) => {
  let ta: TestApp;
  const N = 100_003;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const past = '2020-01-01T00:00:00.000Z';
    await (dialect === 'postgres'
      ? sql`insert into login_throttle (key, failures, window_start, locked_until) select 'lt' || i, 1, ${past}::timestamptz, null from generate_series(1, ${N}) as i`
      : sql`insert into login_throttle (key, failures, window_start, locked_until) with recursive n(i) as (select 1 union all select i + 1 from n where i < ${N}) select 'lt' || i, 1, ${past}, null from n`
    ).execute(ta.ctx.db.k);
  }, 120_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('lists 100,000 rows of the table and counts all of them, saying so', async () => {
    const lines: string[] = [];
    expect(await retentionRun(ta.ctx, { dryRun: true }, (l) => void lines.push(l))).toBe(0);
    expect(lines.filter((l) => l.startsWith('login_throttle\t'))).toHaveLength(100_000);
    expect(lines).toContain(`  login_throttle delete: ${N} (100000 listed above: the listing stops at 100000 rows per table, the count does not)`);
    expect(Number((await ta.ctx.db.k.selectFrom('login_throttle').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(N);
  }, 120_000);
});

import type { SingleBar } from 'cli-progress';
import type { AppContext } from '../context.js';
import { planRetention, planSummary, runRetention, SAMPLE_LIMIT, type PlannedAction, type PlannedTotal } from '../modules/governance/retention.js';

/**
 * `kodepos retention run [--dry-run] [--as-of DATE]`. A dry run prints each record a run would
 * touch (table, id, action) and a summary. `--as-of` is for dry runs only: a real run always acts
 * at the current time, because acting on a future date would erase accounts before their warning
 * period is over. Exit codes: 0 done, 1 some actions failed, 2 bad arguments.
 */
export type Log = (line: string) => void;

export class RetentionUsageError extends Error {}

/** A date (YYYY-MM-DD, midnight UTC) or a full ISO time. */
export function parseAsOf(value: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new RetentionUsageError(`--as-of must be a date like 2027-01-31, got "${value}"`);
  return d;
}

/** Exact totals per table and action; where the listing stopped at the cap, the line says so. */
function summary(totals: PlannedTotal[], actions: PlannedAction[]): string[] {
  const listed = new Map<string, number>();
  for (const a of actions) listed.set(`${a.table} ${a.action}`, (listed.get(`${a.table} ${a.action}`) ?? 0) + a.rows);
  return totals.map((t) => {
    const key = `${t.table} ${t.action}`;
    const shown = listed.get(key) ?? 0;
    return `  ${key}: ${t.rows}${shown < t.rows ? ` (${shown} listed above: the listing stops at ${SAMPLE_LIMIT} rows per table, the count does not)` : ''}`;
  });
}

export async function retentionRun(ctx: AppContext, opts: { dryRun?: boolean; asOf?: string }, log: Log, bar?: SingleBar): Promise<number> {
  if (opts.asOf && !opts.dryRun) throw new RetentionUsageError('--as-of only reports what a run on that date would do: add --dry-run (a real run always acts now)');
  const at = opts.asOf ? parseAsOf(opts.asOf) : ctx.clock.now();
  if (opts.dryRun) {
    const actions = await planRetention(ctx, at);
    const totals = await planSummary(ctx, at);
    log(`Retention plan as of ${at.toISOString()} (nothing changed)`);
    log(`TABLE\tID\tACTION\tROWS\tREASON (at most ${SAMPLE_LIMIT} rows listed per table)`);
    for (const a of actions) log(`${a.table}\t${a.id}\t${a.action}\t${a.rows}\t${a.reason}`);
    log(totals.length ? 'Summary (exact counts):' : 'Nothing to do.');
    for (const l of summary(totals, actions)) log(l);
    return 0;
  }
  bar?.start(1, 0);
  const r = await runRetention(ctx, (done, total) => {
    bar?.setTotal(total);
    bar?.update(done);
  });
  bar?.stop();
  log(`Warned ${r.warned} accounts, anonymised ${r.anonymised}, deleted raw analytics events: ${r.analyticsEvents}`);
  for (const [t, n] of Object.entries(r.deleted).sort()) log(`  ${t} delete: ${n}`);
  if (r.failed) log(`${r.failed} actions failed (see the log); the next run retries them`);
  return r.failed ? 1 : 0;
}

import type { SingleBar } from 'cli-progress';
import type { AppContext } from '../context.js';
import { planRetention, runRetention, type PlannedAction } from '../modules/governance/retention.js';

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

function summary(actions: PlannedAction[]): string[] {
  const by = new Map<string, number>();
  for (const a of actions) by.set(`${a.table} ${a.action}`, (by.get(`${a.table} ${a.action}`) ?? 0) + a.rows);
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`);
}

export async function retentionRun(ctx: AppContext, opts: { dryRun?: boolean; asOf?: string }, log: Log, bar?: SingleBar): Promise<number> {
  if (opts.asOf && !opts.dryRun) throw new RetentionUsageError('--as-of only reports what a run on that date would do: add --dry-run (a real run always acts now)');
  const at = opts.asOf ? parseAsOf(opts.asOf) : ctx.clock.now();
  if (opts.dryRun) {
    const actions = await planRetention(ctx, at);
    log(`Retention plan as of ${at.toISOString()} (nothing changed)`);
    log('TABLE\tID\tACTION\tROWS\tREASON');
    for (const a of actions) log(`${a.table}\t${a.id}\t${a.action}\t${a.rows}\t${a.reason}`);
    log(actions.length ? 'Summary:' : 'Nothing to do.');
    for (const l of summary(actions)) log(l);
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

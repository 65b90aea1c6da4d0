import type { AppContext } from '../../context.js';
import { DAY } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { applyRetention, keepFrom } from '../analytics/retention.js';
import { sites } from '../analytics/rollup-repo.js';
import { utcDay } from '../analytics/rollup.js';
import { analyticsSettings, DEFAULT_SETTINGS } from '../analytics/service.js';
import * as accounts from '../accounts/repo.js';
import * as audit from '../audit/service.js';
import { columnTypes, eraseSubject } from '../privacy/erasure.js';
import { resolveSubject } from '../privacy/subject.js';
import * as repo from './retention-repo.js';
import { inactivityWarningMail } from './retention-mails.js';
import { accountDays, demoRequestDays, tablePolicies, WARN_DAYS_BEFORE } from './retention-policy.js';

/**
 * The retention engine (issue 7 item 1, policy §5). `planRetention` computes what a run at a given
 * time would do and changes nothing; `runRetention` does it now. Both walk the same rules, so the
 * dry run an operator reads is the run the daily job makes.
 */

export type RetentionAction = 'warn' | 'anonymise' | 'delete';

export interface PlannedAction {
  table: string;
  /** A row key; for raw analytics the site (`platform` or a workspace id), whose events go by count. */
  id: string;
  action: RetentionAction;
  /** Rows the action covers: 1, or the number of raw analytics events. */
  rows: number;
  reason: string;
}

/** Keys listed per table and pass; a real run repeats passes until a table has nothing left. */
const BATCH = 500;

const daysBefore = (at: Date, days: number): string => new Date(at.getTime() - days * DAY).toISOString();

async function accountActions(ctx: AppContext, at: Date): Promise<PlannedAction[]> {
  const days = accountDays();
  const warnCutoff = daysBefore(at, days - WARN_DAYS_BEFORE);
  const users = await repo.inactiveUsers(ctx.db.k, warnCutoff);
  const notices = await repo.latestNotices(ctx.db.k, users.map((u) => u.id));
  const out: PlannedAction[] = [];
  for (const u of users) {
    const n = notices.get(u.id);
    // A warning counts only for the inactivity it was about: any later activity (a sign-in) voids it.
    const valid = n && n.inactive_since >= u.lastActive;
    if (!valid) out.push({ table: 'users', id: u.id, action: 'warn', rows: 1, reason: `inactive since ${u.lastActive.slice(0, 10)}` });
    else if (n.erase_after <= at.toISOString() && u.lastActive < daysBefore(at, days)) {
      out.push({ table: 'users', id: u.id, action: 'anonymise', rows: 1, reason: `inactive ${days} days, warned ${n.warned_at.slice(0, 10)}` });
    }
  }
  return out;
}

async function keyColumn(ctx: AppContext, table: string): Promise<string | null> {
  const cols = await columnTypes(ctx.db.k, ctx.db.dialect, table);
  return ['id', 'key'].find((c) => cols.has(c)) ?? null;
}

/** One table's sweep: the keys of its rows due at the time, in batches. */
interface Sweep {
  table: string;
  key: string;
  reason: string;
  due(limit: number): Promise<string[]>;
  count(): Promise<number>;
}

async function sweepsAt(ctx: AppContext, at: Date): Promise<Sweep[]> {
  const out: Sweep[] = [];
  for (const p of tablePolicies(ctx.db.dialect)) {
    const key = await keyColumn(ctx, p.table);
    if (!key) continue;
    const cutoff = daysBefore(at, p.days);
    out.push({
      table: p.table,
      key,
      reason: `${p.days} days after ${p.after}`,
      due: (limit) => repo.expiredKeys(ctx.db.k, p.table, key, p.after, cutoff, limit),
      count: () => repo.countExpired(ctx.db.k, p.table, p.after, cutoff),
    });
  }
  const demoDays = demoRequestDays();
  const demoCutoff = daysBefore(at, demoDays);
  out.push({
    table: 'form_submissions',
    key: 'id',
    reason: `unconverted demo request older than ${demoDays} days`,
    due: (limit) => repo.unconvertedDemoRequests(ctx.db.k, demoCutoff, limit),
    count: () => repo.countUnconvertedDemoRequests(ctx.db.k, demoCutoff),
  });
  return out;
}

async function rowActions(ctx: AppContext, at: Date, limit: number): Promise<PlannedAction[]> {
  const out: PlannedAction[] = [];
  for (const w of await sweepsAt(ctx, at)) for (const id of await w.due(limit)) out.push({ table: w.table, id, action: 'delete', rows: 1, reason: w.reason });
  return out;
}

async function analyticsActions(ctx: AppContext, at: Date): Promise<PlannedAction[]> {
  const out: PlannedAction[] = [];
  for (const s of await sites(ctx.db.k)) {
    const months = s.site === null ? (await analyticsSettings(ctx, null)).retentionMonths : (s.retentionMonths ?? DEFAULT_SETTINGS.retentionMonths);
    const from = keepFrom(utcDay(at), months);
    const n = await repo.eventsBefore(ctx.db.k, s.site, from);
    if (n > 0) out.push({ table: 'analytics_events', id: s.site ?? 'platform', action: 'delete', rows: n, reason: `raw events before ${from} (${months} months)` });
  }
  return out;
}

/** Rows a plan lists per table at most; the summary counts them all (`planSummary`). */
export const SAMPLE_LIMIT = 100_000;

/** What a run at `at` would do, given the data as it is now, with at most `limit` rows listed per table. Changes nothing. */
export async function planRetention(ctx: AppContext, at: Date, opts: { limit?: number } = {}): Promise<PlannedAction[]> {
  const limit = opts.limit ?? SAMPLE_LIMIT;
  return [...(await accountActions(ctx, at)), ...(await rowActions(ctx, at, limit)), ...(await analyticsActions(ctx, at))];
}

export interface PlannedTotal {
  table: string;
  action: RetentionAction;
  /** Exactly how many rows a run at that time would touch (count queries, never capped). */
  rows: number;
}

/** How many rows a run at `at` would touch per table and action, counted exactly. Changes nothing. */
export async function planSummary(ctx: AppContext, at: Date): Promise<PlannedTotal[]> {
  const by = new Map<string, PlannedTotal>();
  const add = (table: string, action: RetentionAction, rows: number): void => {
    if (rows <= 0) return;
    const key = `${table}:${action}`;
    const cur = by.get(key) ?? { table, action, rows: 0 };
    cur.rows += rows;
    by.set(key, cur);
  };
  for (const a of await accountActions(ctx, at)) add(a.table, a.action, a.rows);
  for (const w of await sweepsAt(ctx, at)) add(w.table, 'delete', await w.count());
  for (const a of await analyticsActions(ctx, at)) add(a.table, a.action, a.rows);
  return [...by.values()].sort((a, b) => a.table.localeCompare(b.table) || a.action.localeCompare(b.action));
}

export interface RetentionProgress {
  (done: number, total: number, message: string): void | Promise<void>;
}

export interface RetentionResult {
  warned: number;
  anonymised: number;
  deleted: Record<string, number>;
  analyticsEvents: number;
  failed: number;
}

async function warn(ctx: AppContext, userId: string, at: Date): Promise<void> {
  const user = await accounts.findUserById(ctx.db.k, userId);
  if (!user) return;
  const eraseAfter = new Date(at.getTime() + WARN_DAYS_BEFORE * DAY);
  await repo.insertNotice(ctx.db.k, { id: newId('rtn'), user_id: user.id, warned_at: at.toISOString(), inactive_since: user.last_active_at ?? user.created_at, erase_after: eraseAfter.toISOString() });
  const mail = inactivityWarningMail(user.locale, ctx.config.operator.name, user.name, utcDay(eraseAfter), `${ctx.config.baseUrl}/login`);
  await ctx.mailer.send({ to: user.email, ...mail, category: 'transactional' });
  await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'retention.inactivity_warned', target: { type: 'user', id: user.id }, details: { eraseAfter: eraseAfter.toISOString() } });
}

async function anonymise(ctx: AppContext, userId: string): Promise<void> {
  const user = await accounts.findUserById(ctx.db.k, userId);
  if (!user) return;
  const rows = await resolveSubject(ctx, { kind: 'platform' }, { emails: [user.email], phones: user.phone ? [user.phone] : [], userId: user.id });
  // The privacy engine applies each column's strategy; columns under a legal hold are kept (pseudonymised where the map says so).
  await eraseSubject(ctx, { kind: 'platform' }, rows, { actor: audit.SYSTEM });
  await accounts.updateUser(ctx.db.k, user.id, { status: 'anonymised', deletion_scheduled_at: null });
  await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'retention.account_anonymised', target: { type: 'user', id: user.id }, reason: 'Inactive for 24 months (policy §5)' });
}

/** One run now: warnings, account erasure, expired rows, raw analytics. Each action is audited (ids only). */
export async function runRetention(ctx: AppContext, progress?: RetentionProgress): Promise<RetentionResult> {
  const at = ctx.clock.now();
  const result: RetentionResult = { warned: 0, anonymised: 0, deleted: {}, analyticsEvents: 0, failed: 0 };
  const accountsPlan = await accountActions(ctx, at);
  const sweeps = await sweepsAt(ctx, at);
  let total = accountsPlan.length + 1;
  for (const w of sweeps) total += await w.count();
  let done = 0;
  const tick = async (message: string, n = 1): Promise<void> => {
    done += n;
    await progress?.(done, Math.max(total, done), message);
  };
  for (const a of accountsPlan) {
    // One account that fails must not hold back the others; the count makes the run fail afterwards.
    try {
      if (a.action === 'warn') {
        await warn(ctx, a.id, at);
        result.warned++;
      } else {
        await anonymise(ctx, a.id);
        result.anonymised++;
      }
    } catch (err) {
      result.failed++;
      ctx.log.error({ err: err instanceof Error ? err.message : 'unknown', user: a.id }, 'retention action failed');
    }
    await tick(`users ${a.action}`);
  }
  for (const w of sweeps) {
    for (;;) {
      const keys = await w.due(BATCH);
      if (!keys.length) break;
      const n = await repo.deleteKeys(ctx.db.k, w.table, w.key, keys);
      result.deleted[w.table] = (result.deleted[w.table] ?? 0) + n;
      await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'retention.rows_deleted', reason: w.reason, details: { table: w.table, ids: keys } });
      await tick(`${w.table} delete`, keys.length);
      if (keys.length < BATCH) break;
    }
  }
  // Raw analytics: the analytics module's own retention (it rolls a day up before deleting it, and audits counts).
  for (const s of await applyRetention(ctx)) result.analyticsEvents += s.events;
  await tick('analytics_events delete');
  await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'retention.run', details: { ...result } });
  return result;
}
